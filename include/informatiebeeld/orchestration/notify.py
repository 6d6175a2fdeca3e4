"""Failure notifications: always to the log; to a webhook and/or by e-mail when configured.

Configuration (environment): INFORMATIEBEELD_NOTIFY_WEBHOOK_URL (JSON POST),
INFORMATIEBEELD_NOTIFY_EMAIL_TO (comma-separated) with INFORMATIEBEELD_SMTP_HOST,
INFORMATIEBEELD_SMTP_PORT (default 25) and INFORMATIEBEELD_NOTIFY_EMAIL_FROM. A notifier that fails
is logged and never hides the original failure.
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import urllib.request
from email.message import EmailMessage
from typing import Any

log = logging.getLogger(__name__)


def failure_message(context: dict[str, Any]) -> dict[str, str]:
    ti = context.get("ti") or context.get("task_instance")
    exception = context.get("exception")
    return {
        "dag_id": str(getattr(ti, "dag_id", context.get("dag_id", "?"))),
        "task_id": str(getattr(ti, "task_id", "?")),
        "run_id": str(context.get("run_id", "?")),
        "try_number": str(getattr(ti, "try_number", "?")),
        "error": f"{type(exception).__name__}: {exception}"[:1000] if exception else "unknown error",
    }


def send(subject: str, details: dict[str, str]) -> None:
    text = f"{subject}\n" + "\n".join(f"{k}: {v}" for k, v in details.items())
    log.error(text)
    webhook = os.environ.get("INFORMATIEBEELD_NOTIFY_WEBHOOK_URL")
    if webhook:
        body = json.dumps({"text": text, **details}).encode("utf-8")
        request = urllib.request.Request(webhook, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - configured URL
                response.read()
        except OSError as error:
            log.error("webhook notification failed: %s", error)
    recipients = os.environ.get("INFORMATIEBEELD_NOTIFY_EMAIL_TO")
    if recipients and os.environ.get("INFORMATIEBEELD_SMTP_HOST"):
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = os.environ.get("INFORMATIEBEELD_NOTIFY_EMAIL_FROM", "informatiebeeld@localhost")
        message["To"] = recipients
        message.set_content(text)
        try:
            port = int(os.environ.get("INFORMATIEBEELD_SMTP_PORT", "25"))
            with smtplib.SMTP(os.environ["INFORMATIEBEELD_SMTP_HOST"], port, timeout=10) as smtp:
                smtp.send_message(message)
        except OSError as error:
            log.error("e-mail notification failed: %s", error)


def task_failure_callback(context: dict[str, Any]) -> None:
    """Airflow on_failure_callback for every task of the informatiebeeld DAGs."""
    details = failure_message(context)
    send(f"informatiebeeld: {details['dag_id']}.{details['task_id']} failed", details)
