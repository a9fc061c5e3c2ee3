from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .forms import EmailPreferencesForm
from .models import Notification
from .selectors import email_preference_rows
from .services import (
    email_preferences_update,
    internal_path,
    notification_mark_read,
    notifications_mark_all_read,
)

PER_PAGE = 25


@login_required
def notification_list(request):
    notifications = Notification.objects.for_user(request.user)
    page_obj = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page_obj,
            "notifications": page_obj.object_list,
            "any_unread": notifications.unread().exists(),
        },
    )


def _own_read(request, pk: int) -> Notification:
    try:
        return notification_mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist as missing:
        raise Http404 from missing


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark the item read and go to its page: only its own path on this site."""
    notification = _own_read(request, pk)
    return redirect(internal_path(notification.url) or "notifications:list")


@login_required
@require_POST
def notification_mark_read_view(request, pk: int):
    _own_read(request, pk)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_all_read(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("notifications:list")


@login_required
def email_settings(request):
    rows = email_preference_rows(user=request.user)
    current = {row.spec.kind: row.email_enabled for row in rows}
    form = EmailPreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        email_preferences_update(user=request.user, enabled=form.cleaned_data)
        messages.success(request, "Your email choices are saved.")
        return redirect("notifications:settings")
    always = [row for row in rows if not row.spec.email_optional]
    return render(request, "notifications/settings.html", {"form": form, "always": always})
