"""The web UI and HTTP API: a thin FastAPI shell over the library.

>>> from rashomon.web import create_app
>>> app = create_app()  # doctest: +SKIP   (uvicorn rashomon.web:app, or `rashomon serve`)
"""

from rashomon.web.app import create_app, serve

__all__ = ["create_app", "serve"]
