"""Thin views: enrol, answer knowledge checks and prompts, download and verify certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_GET, require_POST

from training.core.files import private_file_response
from training.core.submissions import submit_once

from . import services
from .models import Certificate, CoursePage, ModulePage
from .selectors import enrolment_for


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
@login_required
@submit_once(replay="courses:catalogue")
def enrol(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    try:
        services.enrolment_create(trainee=request.user, course=course)
    except services.LearningError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(course.url)
    messages.success(request, f"You are enrolled in {course.title}.")
    first = course.modules().first()
    return HttpResponseRedirect(first.url if first else course.url)


def _module_and_enrolment(request, module_id: int):
    module = get_object_or_404(ModulePage.objects.live().public(), pk=module_id)
    course = module.course()
    enrolment = enrolment_for(user=request.user, course=course)
    if enrolment is None:
        # Not enrolled: behave as if the module did not exist for this person.
        raise Http404("No such module.")
    return module, enrolment


@require_POST
@login_required
def check_submit(request, module_id: int, block_id: str):
    module, enrolment = _module_and_enrolment(request, module_id)
    anchor = f"{module.url}#check-{block_id}"
    try:
        result = services.check_grade(
            enrolment=enrolment,
            module=module,
            block_id=block_id,
            selected=request.POST.getlist("option"),
        )
    except services.LearningError as error:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": str(error)}, status=400)
        messages.error(request, str(error))
        return HttpResponseRedirect(anchor)
    if result.correct:
        messages.success(request, "Correct — well done.")
    else:
        messages.warning(request, "Not quite. Read the feedback and try again.")
    return HttpResponseRedirect(anchor)


@require_POST
@login_required
def reflection_save(request, module_id: int, block_id: str):
    module, enrolment = _module_and_enrolment(request, module_id)
    try:
        answer = services.reflection_save(
            enrolment=enrolment, module=module, block_id=block_id, text=request.POST.get("text", "")
        )
    except services.LearningError as error:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": str(error)}, status=400)
        messages.error(request, str(error))
        return HttpResponseRedirect(f"{module.url}#prompt-{block_id}")
    if _wants_json(request):
        return JsonResponse(
            {
                **_progress_json(module, request.user, enrolment),
                "saved_at": answer.updated_at.isoformat(),
            }
        )
    messages.success(request, "Your answer is saved. Only you can see it.")
    return HttpResponseRedirect(f"{module.url}#prompt-{block_id}")


@require_POST
@login_required
def module_read(request, module_id: int):
    """The module page's beacon, or its "Mark as read" button: record the visit (for "continue
    where you left off") and complete a module that asks nothing. Safe to repeat."""
    module, enrolment = _module_and_enrolment(request, module_id)
    services.module_visit(enrolment=enrolment, module=module)
    if _wants_json(request):
        return JsonResponse(_progress_json(module, request.user, enrolment))
    return HttpResponseRedirect(module.url)


def _progress_json(module, user, enrolment) -> dict:
    from .selectors import module_context

    context = module_context(module=module, user=user, course=enrolment.course)
    progress = context["progress"] or {"percent": 0, "done_count": 0, "module_count": 0}
    done, total = progress["done_count"], progress["module_count"]
    return {
        "ok": True,
        "module_done": context["module_done"],
        "course_done": bool(total) and done == total,
        "percent": progress["percent"],
        "progress_text": f"{done} of {total} module{pluralize(total)} complete",
    }


@require_GET
@login_required
def certificate_download(request, code: str):
    certificate = get_object_or_404(Certificate, code=code, trainee=request.user)
    if not certificate.pdf:
        raise Http404("The certificate is still being prepared.")
    return private_file_response(
        certificate.pdf, filename=f"attune-certificate-{certificate.code}.pdf"
    )


@require_GET
def certificate_verify(request, code: str):
    certificate = get_object_or_404(Certificate, code=code.upper()[:20])
    return render(request, "courses/certificate_verify.html", {"certificate": certificate})


@require_GET
def catalogue(request):
    """A stable address for the catalogue, wherever authors put the course index page."""
    from .models import CourseIndexPage

    index = CourseIndexPage.objects.live().first()
    if index is None:
        raise Http404("No course catalogue yet.")
    return HttpResponseRedirect(index.url)
