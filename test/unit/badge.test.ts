import { describe, expect, it } from "vitest";
import { badgeSvg, BADGE_COLOURS, escapeXml } from "@/lib/api/badge";

describe("badge", () => {
  it.each([
    ["plain", "plain"],
    ["a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&apos;"],
    ["</text><script>x</script>", "&lt;/text&gt;&lt;script&gt;x&lt;/script&gt;"],
  ])("escapes %j", (input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });

  it.each(Object.entries(BADGE_COLOURS))("draws %s in its colour with the word", (status, colour) => {
    const svg = badgeSvg("depwatch", status, colour);
    expect(svg).toContain(`fill="${colour}"`);
    expect(svg).toContain(`aria-label="depwatch: ${status}"`);
    expect(svg.match(new RegExp(`>${status}</text>`, "g"))).toHaveLength(2);
  });

  it("never lets label text open an element, and rejects a colour that is not hex", () => {
    const svg = badgeSvg('x"><script>alert(1)</script>', "up", 'red" onload="alert(1)');
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("onload");
    expect(svg).toContain(`fill="${BADGE_COLOURS.unknown}"`);
  });

  it("grows with the text", () => {
    const width = (s: string) => Number(/width="(\d+)"/.exec(s)?.[1]);
    expect(width(badgeSvg("depwatch", "degraded", "#fff"))).toBeGreaterThan(width(badgeSvg("depwatch", "up", "#fff")));
  });
});
