#!/usr/bin/env bash
# Makes the compose stack's secrets once, beside this script (both git-ignored): the JWT key pair in .secrets/ (the
# services get the public key; sign tokens with the private one) and the tracking-link secret in .env.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mkdir -p .secrets
if [[ ! -f .secrets/jwt-private.pem ]]; then
  (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out .secrets/jwt-private.pem 2>/dev/null)
fi
openssl pkey -in .secrets/jwt-private.pem -pubout -out .secrets/jwt-public.pem
chmod 644 .secrets/jwt-public.pem
[[ -f .env ]] || (umask 077 && echo "TRACKLINE_LINK_SECRET=$(openssl rand -hex 32)" >.env)
echo "Secrets in $(pwd)/.secrets and $(pwd)/.env"
