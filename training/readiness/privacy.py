from training.privacy.enums import Erasure
from training.privacy.registry import Retention, register

from .models import PortfolioExport

# A portfolio is a copy made for an application: kept only as long as other data exports.
register(
    PortfolioExport,
    user_fields=["trainee"],
    erasure=Erasure.DELETE,
    file_fields=["file"],
    retention=Retention(setting="data_exports", date_field="created_at"),
)
