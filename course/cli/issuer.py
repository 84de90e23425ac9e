"""`course issuer init`: the key pair that signs certificates, and who the issuer is."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from course.cli.common import fail

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    from course.certificate.issuer import IssuerError, init_issuer

    try:
        made, key_path = init_issuer(args.name, args.url, force=args.force, kid=args.key_url)
    except ValueError as error:
        return fail("issuer init", error, 2)
    except IssuerError as error:
        return fail("issuer init", error, 1)
    print(f"Issuer “{made.name}” ({made.url}). Private key: {key_path} (readable by you only; keep it there, "
          "back it up, never share it).")
    print(f"Public key (JWK, thumbprint {made.thumbprint}); publish it so people can check who signed:")
    print(json.dumps(made.public_jwk, indent=2))
    return 0
