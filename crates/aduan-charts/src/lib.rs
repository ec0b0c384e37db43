//! Server-drawn SVG charts for Aduan's public statistics pages: horizontal bars, a month
//! trend, and a tile-grid map of Indonesia's 38 provinces.
//!
//! Every function returns one self-contained `<svg>` element as a string, ready to be placed
//! in an HTML page as it is: no JavaScript, no scripts, no external references (no `href`, no
//! CSS import, no web font), and the same input always gives the same string (coordinates are
//! written with one decimal, provinces in a fixed order).
//!
//! Accessibility: the root carries `role="img"`, a `viewBox` and `width="100%"` (no fixed
//! pixel size, so it scales with the page), and `aria-labelledby` naming its `<title>` and
//! `<desc>`, whose ids are made from the caller's `id` (characters other than ASCII letters,
//! digits, `-` and `_` become `-`), so several charts can share a page. Since `role="img"`
//! hides the drawing's parts from assistive technology, `desc` should summarise what the chart
//! shows, and a page should offer the same figures as a table. Text is set in
//! `system-ui, sans-serif`, dark on light or white on dark fills (chosen by contrast), and
//! every text from a caller is XML-escaped. When there is nothing to draw (no bars, no points,
//! no province with a value) the chart still is a valid SVG and its `<desc>` ends with
//! "Tidak ada data untuk digambar." ("no data to draw").
//!
//! Why no charting library: `plotters` (MIT) with only its SVG backend was evaluated; it lays
//! labels out without fonts, but it writes a fixed pixel width and height on the root and its
//! drawing API cannot give the root a `<title>`, `<desc>` or ARIA attributes, nor an element
//! its own `<title>` tooltip, so each chart would need string surgery on its output. These
//! charts are a few rectangles, lines and labels, so they are written here directly with one
//! escaping helper, which keeps the markup small and fully under control.
//!
//! The map is a tile grid ([`PROVINCE_TILES`]): one square per province placed by hand roughly
//! where the province lies, west to east and north to south. It uses no real boundaries or
//! other map data, so no map data licence applies.

mod bar;
mod map;
mod svg;
mod tiles;
mod trend;

pub use bar::{Bar, bar_chart};
pub use map::tile_map;
pub use tiles::PROVINCE_TILES;
pub use trend::trend_chart;
