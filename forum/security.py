"""HTTP security headers on every response (pages, error pages, static files), by Flask-Talisman.

The policy is in config (CONTENT_SECURITY_POLICY): no inline script or style at all, so no
nonce is needed; scripts are files under static/js. A site configured for HTTPS
(PREFERRED_URL_SCHEME = "https") also sends HSTS on HTTPS requests and marks its cookies
Secure. Talisman's own redirect to HTTPS stays off: the TLS proxy in front of the app does it
(behind a proxy the app would see plain HTTP and redirect forever).
"""

from flask_talisman import Talisman


def init_app(app) -> None:
    config = app.config
    https = config["PREFERRED_URL_SCHEME"] == "https"
    if https:
        config["SESSION_COOKIE_SECURE"] = config["REMEMBER_COOKIE_SECURE"] = True
    app.extensions["talisman"] = Talisman(
        app,
        force_https=False,
        strict_transport_security=https,
        strict_transport_security_max_age=config["HSTS_MAX_AGE"],
        strict_transport_security_include_subdomains=False,
        content_security_policy=config["CONTENT_SECURITY_POLICY"],
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        # Talisman writes these three into app.config: hand it the app's own settings.
        session_cookie_secure=False,
        session_cookie_http_only=config["SESSION_COOKIE_HTTPONLY"],
        session_cookie_samesite=config["SESSION_COOKIE_SAMESITE"],
    )
