// RFC 3986 percent-encoding as both clouds' SDKs sign with it (Huawei's SDK-HMAC-SHA256 canonical
// query, Alibaba's ACS3 and v2 strings to sign): only A-Z a-z 0-9 - _ . ~ stay raw.

/** What RFC 3986 leaves as it is: such a value is its own encoding (ids, types, region names). */
const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;

export function rfc3986(s: string): string {
  if (UNRESERVED.test(s)) return s;
  // encodeURIComponent leaves ! ' ( ) * raw, which RFC 3986 reserves
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
