"""Data-quality helpers behind tasks/validate.py: GX runner, helper columns, history, Data Docs."""
