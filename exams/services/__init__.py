"""Every write a learner or exam admin can cause, grouped by subdomain (banks, practice, attempts…)."""
