from training.privacy.enums import Erasure
from training.privacy.registry import Retention, register

from .models import PacketExport, PortfolioExport

# A portfolio is a copy made for an application: kept only as long as other data exports.
register(
    PortfolioExport,
    user_fields=["trainee"],
    erasure=Erasure.DELETE,
    file_fields=["file"],
    retention=Retention(setting="data_exports", date_field="created_at"),
)

# The application packet is the same kind of copy (with transcripts inside): the trainee's,
# even when a coordinator asked for it; kept as long as other data exports.
register(
    PacketExport,
    user_fields=["trainee"],
    reference_fields=["requested_by"],
    erasure=Erasure.DELETE,
    file_fields=["file"],
    retention=Retention(setting="data_exports", date_field="created_at"),
)
