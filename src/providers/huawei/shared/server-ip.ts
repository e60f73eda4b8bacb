// A server's private IPv4 address is derived from its id (the world declares no networks): the
// last id byte is the third octet, the one before it, folded into 2-254, the fourth (the end of
// the id, because worlds number their servers there: the demo's ids differ only in their last
// digits). The list filters `ip` (fuzzy) and `ip_eq` (exact) are turned back into the id endings
// that give matching addresses, so the store filters by id and pages as usual.

const hexByte = (n: number) => n.toString(16).padStart(2, '0');
const fourthOctet = (secondByte: number) => (secondByte % 253) + 2;

export function serverIp(id: string): string {
  return `192.168.${parseInt(id.slice(-2), 16)}.${fourthOctet(parseInt(id.slice(-4, -2), 16))}`;
}

/**
 * The id endings (2 or 4 hex characters) of every server whose address matches: `exact` compares
 * the whole address, otherwise the address must contain `ip` (Huawei documents `ip` as a fuzzy
 * match; a plain substring here, never a pattern, since the value is the caller's). No match: [];
 * every address matches (`168.`): null, no filter at all.
 */
export function idSuffixesForIp(ip: string, exact: boolean): string[] | null {
  const out: string[] = [];
  for (let third = 0; third < 256; third++) {
    const seconds: number[] = [];
    for (let second = 0; second < 256; second++) {
      const addr = `192.168.${third}.${fourthOctet(second)}`;
      if (exact ? addr === ip : addr.includes(ip)) seconds.push(second);
    }
    // every byte before it matches: the last byte alone is the ending
    if (seconds.length === 256) out.push(hexByte(third));
    else for (const s of seconds) out.push(hexByte(s) + hexByte(third));
  }
  return out.length === 256 && out.every((e) => e.length === 2) ? null : out;
}
