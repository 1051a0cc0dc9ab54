"""Failed logins counted per email and per client address, for login throttling."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.columns import UTCDateTime


class LoginFailure(SQLModel, table=True):
    """The failed logins of one email or one client address in its current window.

    One row per subject, reset in place when its window has passed. `subject`
    is a keyed hash (see `resolvers.throttle.subject_of`), so neither the email
    nor the address is stored in clear.
    """

    __tablename__ = "login_failure"

    subject: str = Field(primary_key=True, max_length=80)
    failures: int = 0
    window_started_at: datetime = Field(sa_type=UTCDateTime, index=True)
