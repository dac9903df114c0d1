"""Files for hosting the staff-only site: Azure Static Web Apps behind Microsoft Entra ID.

A setting on Microsoft 365 already has a sign-in for every member of staff. The
configuration here lets only people from that one Entra ID tenant (directory)
in, on every route, and turns the other sign-in providers off. See
docs/managers/hosting.md.
"""

from __future__ import annotations

import json
import re

# The application settings (in the Static Web App, not in git) holding the app
# registration's client id and secret.
CLIENT_ID_SETTING = "AZURE_CLIENT_ID"
CLIENT_SECRET_SETTING = "AZURE_CLIENT_SECRET"
LOGIN = "/.auth/login/aad"
# Sign-in providers Azure offers by default: none may let anyone in.
OTHER_PROVIDERS = ("github", "twitter")
_TENANT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def check_tenant(tenant: str) -> str:
    """The tenant id, or a ValueError saying where to find it."""
    tenant = tenant.strip()
    if not _TENANT.match(tenant):
        raise ValueError(f"--tenant: expected the Directory (tenant) ID, like "
                         f"0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b, got {tenant!r}. Find it in the "
                         "Microsoft Entra admin centre, under Overview.")
    return tenant.lower()


def swa_config(tenant: str) -> dict[str, object]:
    """staticwebapp.config.json: sign-in through the setting's own tenant for every route.

    A custom Entra ID registration (Standard plan) limits sign-in to accounts in
    `tenant`; Azure's ready-made one would let in anyone with a Microsoft account.
    """
    tenant = check_tenant(tenant)
    return {
        "auth": {"identityProviders": {"azureActiveDirectory": {"registration": {
            "openIdIssuer": f"https://login.microsoftonline.com/{tenant}/v2.0",
            "clientIdSettingName": CLIENT_ID_SETTING,
            "clientSecretSettingName": CLIENT_SECRET_SETTING,
        }}}},
        "routes": [
            *({"route": f"/.auth/login/{name}", "statusCode": 404} for name in OTHER_PROVIDERS),
            {"route": "/*", "allowedRoles": ["authenticated"]},
        ],
        "responseOverrides": {
            "401": {"statusCode": 302, "redirect": f"{LOGIN}?post_login_redirect_uri=.referrer"},
        },
        "globalHeaders": {
            "X-Robots-Tag": "noindex, nofollow",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        },
    }


def swa_config_json(tenant: str) -> str:
    return json.dumps(swa_config(tenant), indent=2) + "\n"
