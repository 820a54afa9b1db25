"""Technician tooling: enrolment, discovery, self-test, maintenance."""
