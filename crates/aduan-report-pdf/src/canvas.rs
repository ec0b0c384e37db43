//! The pages being drawn: A4 portrait, 18 mm margins, a cursor moving down the page, and
//! drawing calls that turn into printpdf operations. The footer is added at the end, once the
//! number of pages is known.

use printpdf::{
    BuiltinFont, Color, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfFontHandle, PdfPage,
    Point, Pt, Rect, Rgb, TextItem,
};

use crate::text::{self, Face};

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;
/// A4 width in points.
pub(crate) const PAGE_WIDTH: f32 = 210.0 * MM;
/// A4 height in points.
pub(crate) const PAGE_HEIGHT: f32 = 297.0 * MM;
/// The margin on every side, in points.
pub(crate) const MARGIN: f32 = 18.0 * MM;
/// The width between the margins.
pub(crate) const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Where content starts on a page.
const TOP: f32 = PAGE_HEIGHT - MARGIN;
/// Where content must end; the footer sits below, inside the bottom margin.
const BOTTOM: f32 = MARGIN;
/// Size of the footer text.
const FOOTER_SIZE: f32 = 7.5;

/// A colour for text, rules and fills.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ink {
    /// Body text.
    Text,
    /// Secondary text: subtitle, footer, chart labels.
    Muted,
    /// Thin rules between rows.
    Rule,
    /// The strong rule under a header row.
    Strong,
    /// The trend's bars.
    Bar,
}

impl Ink {
    fn color(self) -> Color {
        let grey = |percent| {
            Color::Greyscale(Greyscale {
                percent,
                icc_profile: None,
            })
        };
        match self {
            Ink::Text => grey(0.1),
            Ink::Muted => grey(0.4),
            Ink::Rule => grey(0.8),
            Ink::Strong => grey(0.3),
            Ink::Bar => Color::Rgb(Rgb {
                r: 0.15,
                g: 0.39,
                b: 0.64,
                icc_profile: None,
            }),
        }
    }
}

/// The pages drawn so far and the cursor: the height (in points from the page's bottom) where
/// the next block starts on the last page.
pub(crate) struct Canvas {
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Canvas {
    /// One empty page, the cursor at its top.
    pub(crate) fn new() -> Self {
        Canvas {
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    /// The cursor's height.
    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    /// Moves the cursor `dy` points down.
    pub(crate) fn down(&mut self, dy: f32) {
        self.y -= dy;
    }

    /// Whether `height` points still fit above the bottom margin.
    pub(crate) fn fits(&self, height: f32) -> bool {
        self.y - height >= BOTTOM
    }

    /// Starts a new page unless `height` points fit on this one or it is still empty; returns
    /// whether a page was started.
    pub(crate) fn keep(&mut self, height: f32) -> bool {
        if self.fits(height) || self.y >= TOP {
            return false;
        }
        self.new_page();
        true
    }

    /// Starts a new page and puts the cursor at its top.
    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Writes `text` (cleaned and cut to `max` points) with its baseline at `baseline`,
    /// starting at `x`.
    pub(crate) fn text(&mut self, x: f32, baseline: f32, style: (Face, f32, Ink), text: &str) {
        self.text_in(x, baseline, style, text, f32::MAX);
    }

    /// Like [`Canvas::text`], cutting the text with "..." to `max` points.
    pub(crate) fn text_in(
        &mut self,
        x: f32,
        baseline: f32,
        (face, size, ink): (Face, f32, Ink),
        text: &str,
        max: f32,
    ) {
        let shown = text::fit(text, face, size, max);
        if shown.is_empty() {
            return;
        }
        let font = match face {
            Face::Regular => BuiltinFont::Helvetica,
            Face::Bold => BuiltinFont::HelveticaBold,
        };
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::Builtin(font),
                size: Pt(size),
            },
            Op::SetFillColor { col: ink.color() },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(x),
                    y: Pt(baseline),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(shown)],
            },
            Op::EndTextSection,
        ]);
    }

    /// Writes `text` centred on `centre`, cut to `max` points.
    pub(crate) fn text_centred(
        &mut self,
        centre: f32,
        baseline: f32,
        style: (Face, f32, Ink),
        text: &str,
        max: f32,
    ) {
        let shown = text::fit(text, style.0, style.1, max);
        let x = centre - text::width(&shown, style.0, style.1) / 2.0;
        self.text_in(x, baseline, style, &shown, max);
    }

    /// Fills the rectangle with its lower left corner at (`x`, `y`).
    pub(crate) fn fill(&mut self, x: f32, y: f32, width: f32, height: f32, ink: Ink) {
        if !(width > 0.0 && height > 0.0) {
            return;
        }
        let mut rectangle = Rect::from_xywh(Pt(x), Pt(y), Pt(width), Pt(height));
        rectangle.mode = Some(PaintMode::Fill);
        self.ops().extend([
            Op::SetFillColor { col: ink.color() },
            Op::DrawRectangle { rectangle },
        ]);
    }

    /// Draws a horizontal rule `thickness` points thick from `x` to `x + width` at height `y`.
    pub(crate) fn rule(&mut self, x: f32, y: f32, width: f32, thickness: f32, ink: Ink) {
        let point = |x| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops().extend([
            Op::SetOutlineColor { col: ink.color() },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![point(x), point(x + width)],
                    is_closed: false,
                },
            },
        ]);
    }

    /// The finished pages, each with a rule, `footer` and "n / m" at its foot.
    pub(crate) fn finish(mut self, footer: &str) -> Vec<PdfPage> {
        let count = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        pages
            .into_iter()
            .enumerate()
            .map(|(i, ops)| {
                let mut page = Canvas {
                    pages: vec![ops],
                    y: TOP,
                };
                page.footer(footer, &format!("{} / {count}", i + 1));
                let ops = page.pages.pop().unwrap_or_default();
                PdfPage::new(Mm(210.0), Mm(297.0), ops)
            })
            .collect()
    }

    fn footer(&mut self, footer: &str, number: &str) {
        let style = (Face::Regular, FOOTER_SIZE, Ink::Muted);
        let baseline = MARGIN - 16.0;
        self.rule(MARGIN, MARGIN - 6.0, CONTENT_WIDTH, 0.3, Ink::Rule);
        let number_width = text::width(number, Face::Regular, FOOTER_SIZE);
        let right = MARGIN + CONTENT_WIDTH;
        self.text(right - number_width, baseline, style, number);
        self.text_in(
            MARGIN,
            baseline,
            style,
            footer,
            CONTENT_WIDTH - number_width - 12.0,
        );
    }
}
