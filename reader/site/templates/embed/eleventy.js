// Read or Listen: the player and the read-along (reader embed --theme eleventy).
// In eleventy.config.js (or .eleventy.js), inside the function that receives eleventyConfig:
eleventyConfig.addShortcode("readOrListen", function (slug) {
  // Slug: front matter `slug`, else Eleventy's fileSlug (the file name without a leading
  // date; index.md: its folder), as `reader build` names the episode.
  const name = eleventyConfig.getFilter("slugify")(String(slug || this.page.fileSlug));
  return `<div class="read-or-listen" data-read-or-listen="${name}">` +
    `<a href="{base}${name}/">{listen}</a></div>\n` +
    `<script src="{base}embed.js" defer></script>`;
});
// Then in the post layout, where the player goes:  {% readOrListen slug %}
