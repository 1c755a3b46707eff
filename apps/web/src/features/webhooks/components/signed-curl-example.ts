/**
 * A ready-to-run shell snippet that signs a delivery the Standard Webhooks way
 * (HMAC-SHA256 over "id.timestamp.body" with the base64-decoded secret) and sends it.
 */
export function signedCurlExample(url: string, secret: string): string {
  return [
    `SECRET='${secret}'`,
    `BODY='{"documents":[{"filename":"hello.txt","content_base64":"'$(printf 'Hello from another system' | base64)'"}]}'`,
    `ID="msg_$(date +%s%N)"; TS=$(date +%s)`,
    `SIG=$(printf '%s.%s.%s' "$ID" "$TS" "$BODY" | openssl dgst -sha256 -binary -mac HMAC -macopt hexkey:$(printf '%s' "\${SECRET#whsec_}" | base64 -d | od -An -tx1 | tr -d ' \\n') | base64)`,
    `curl -sS -X POST '${url}' -H 'content-type: application/json' \\`,
    `  -H "webhook-id: $ID" -H "webhook-timestamp: $TS" -H "webhook-signature: v1,$SIG" -d "$BODY"`,
  ].join('\n');
}
