"""The ASGI wrappers around the app's HTTP side (dossier/dossier.py `api_transformer`).

`pwa.py` answers /sw.js and /offline.html, `body_limit.py` caps request bodies,
`headers.py` adds the security headers, `proxy_headers.py` trusts a known proxy's
X-Forwarded-* (outermost).
"""
