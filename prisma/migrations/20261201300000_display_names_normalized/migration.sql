-- Names people give organisations, webhook endpoints and API tokens have been accepted in one
-- form since the API began to normalise them (packages/contracts/src/common.ts,
-- displayNameSchema): control, format (bidi overrides, zero-width characters), line and
-- paragraph separator characters removed, Unicode NFC, surrounding white space trimmed. Names
-- stored before that are brought to the same form here, so names that look alike are the same
-- string to search, sort and compare. The character class is Unicode 17's Cc, Cf, Zl and Zp (what
-- the API's \p{…} classes match on Node 20); the trimmed white space is JavaScript's trim().
-- A name with nothing left becomes 'unnamed'. NFC needs a UTF-8 database: on any other
-- encoding none of these characters could have been stored.
CREATE FUNCTION pg_temp.display_name(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(nullif(regexp_replace(
    normalize(regexp_replace(name,
      '[\u0001-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]',
      '', 'g'), NFC),
    '^[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+|[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+$', '', 'g'), ''), 'unnamed')
$$;

DO $$
BEGIN
  IF current_setting('server_encoding') = 'UTF8' THEN
    UPDATE organizations SET name = pg_temp.display_name(name) WHERE name IS DISTINCT FROM pg_temp.display_name(name);
    UPDATE webhook_endpoints SET name = pg_temp.display_name(name) WHERE name IS DISTINCT FROM pg_temp.display_name(name);
    UPDATE api_tokens SET name = pg_temp.display_name(name) WHERE name IS DISTINCT FROM pg_temp.display_name(name);
  END IF;
END $$;
DROP FUNCTION pg_temp.display_name(text);
