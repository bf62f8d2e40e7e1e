"""Reviewers who may sign in to the review page, and the page's signing secret (issue 14).

    users         name, argon2 password hash (argon2-cffi), when added
    app_secrets   name -> secret: the session-cookie key, generated once per database

    add_user(session, "li", "pw")           # `notices users add li`
    check_password(session, "li", "pw")      # -> True
    app_secret(session, "session")           # generated on first use, then stable
"""

from __future__ import annotations

import datetime as dt
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from db.models import Base
from db.runs import utcnow
from pipeline.core.errors import NoticesError

_HASHER = PasswordHasher()
# a hash to verify against when the name is unknown, so both answers take as long
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))


class UserError(NoticesError):
    """A user that cannot be added (empty name or password, name taken)."""


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )


class AppSecretRow(Base):
    __tablename__ = "app_secrets"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    secret: Mapped[str] = mapped_column(Text, nullable=False)


def add_user(session: Session, name: str, password: str, *, replace: bool = False) -> None:
    """Add reviewer ``name`` (or set a new password when ``replace``)."""
    name = name.strip()
    if not name or not password:
        raise UserError("a user needs a name and a password")
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is not None and not replace:
        raise UserError(f"user {name!r} exists (use --replace to set a new password)")
    if row is None:
        row = UserRow(name=name)
        session.add(row)
    row.password_hash = _HASHER.hash(password)
    session.flush()


def check_password(session: Session, name: str, password: str) -> bool:
    """True when ``name`` exists and ``password`` is theirs."""
    stored = session.scalar(select(UserRow.password_hash).where(UserRow.name == name.strip()))
    try:
        return bool(_HASHER.verify(stored or _DUMMY_HASH, password)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def user_names(session: Session) -> tuple[str, ...]:
    return tuple(session.scalars(select(UserRow.name).order_by(UserRow.name)))


def app_secret(session: Session, name: str) -> str:
    """The secret ``name`` of this database, generated (and stored) on first use."""
    secret = session.scalar(select(AppSecretRow.secret).where(AppSecretRow.name == name))
    if secret is None:
        secret = secrets.token_urlsafe(48)
        session.add(AppSecretRow(name=name, secret=secret))
        session.flush()
    return secret
