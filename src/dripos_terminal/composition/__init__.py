"""Parts of the composition root (`app.py`): each module wires one area's services to its widgets.

Like `app.py`, these may build Qt widgets; nothing else outside `ui/` may.
"""
