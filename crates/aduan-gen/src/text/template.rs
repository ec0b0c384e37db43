//! The small template language of the text files under `templates/`.
//!
//! - `{slot}` is replaced by a detail of the report (a street, a school, an amount...). A slot
//!   keeps its value for the whole report, so a title and its body name the same street.
//! - `[a|b|c]` picks one alternative; alternatives may hold slots and further choices.
//!
//! Templates are compiled once, when the generator starts; an unknown slot or an unbalanced
//! bracket is an error naming the template.

use super::slots::{Ctx, Slot};
use std::fmt;

/// A compiled template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template(Vec<Piece>);

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Slot(Slot),
    Choice(Vec<Vec<Piece>>),
}

/// A template that does not compile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("template {source_text:?}: {problem}")]
pub struct TemplateError {
    /// The template's text.
    pub source_text: String,
    /// What is wrong.
    pub problem: String,
}

impl Template {
    /// Compiles `src`.
    pub fn compile(src: &str) -> Result<Template, TemplateError> {
        let err = |problem: String| TemplateError {
            source_text: src.to_owned(),
            problem,
        };
        let chars: Vec<char> = src.chars().collect();
        let mut pos = 0;
        let pieces = parse_seq(&chars, &mut pos, false).map_err(err)?;
        if pos != chars.len() {
            return Err(err(format!("unexpected `{}`", chars[pos])));
        }
        Ok(Template(pieces))
    }

    /// Appends a rendering to `out`.
    pub fn render(&self, ctx: &mut Ctx<'_>, out: &mut String) {
        render_seq(&self.0, ctx, out);
    }

    /// Renders into a new string.
    pub fn to_text(&self, ctx: &mut Ctx<'_>) -> String {
        let mut out = String::new();
        self.render(ctx, &mut out);
        out
    }

    /// Whether the template uses `slot` anywhere.
    pub fn uses(&self, slot: Slot) -> bool {
        fn any(pieces: &[Piece], slot: Slot) -> bool {
            pieces.iter().any(|p| match p {
                Piece::Slot(s) => *s == slot,
                Piece::Choice(alts) => alts.iter().any(|a| any(a, slot)),
                Piece::Text(_) => false,
            })
        }
        any(&self.0, slot)
    }
}

fn parse_seq(chars: &[char], pos: &mut usize, in_choice: bool) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    while *pos < chars.len() {
        let c = chars[*pos];
        match c {
            '|' | ']' if in_choice => break,
            ']' | '}' | '|' => return Err(format!("unbalanced `{c}`")),
            '{' => {
                let end = chars[*pos..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or("a `{` is never closed")?;
                let name: String = chars[*pos + 1..*pos + end].iter().collect();
                let slot = Slot::parse(&name).ok_or_else(|| format!("unknown slot {{{name}}}"))?;
                flush(&mut text, &mut pieces);
                pieces.push(Piece::Slot(slot));
                *pos += end + 1;
            }
            '[' => {
                *pos += 1;
                let mut alts = Vec::new();
                loop {
                    alts.push(parse_seq(chars, pos, true)?);
                    match chars.get(*pos) {
                        Some('|') => *pos += 1,
                        Some(']') => {
                            *pos += 1;
                            break;
                        }
                        _ => return Err("a `[` is never closed".into()),
                    }
                }
                flush(&mut text, &mut pieces);
                pieces.push(Piece::Choice(alts));
            }
            _ => {
                text.push(c);
                *pos += 1;
            }
        }
    }
    flush(&mut text, &mut pieces);
    Ok(pieces)
}

fn flush(text: &mut String, pieces: &mut Vec<Piece>) {
    if !text.is_empty() {
        pieces.push(Piece::Text(std::mem::take(text)));
    }
}

fn render_seq(pieces: &[Piece], ctx: &mut Ctx<'_>, out: &mut String) {
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Slot(s) => out.push_str(ctx.get(*s)),
            Piece::Choice(alts) => {
                let i = ctx.pick(alts.len());
                render_seq(&alts[i], ctx, out);
            }
        }
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn write(pieces: &[Piece], f: &mut fmt::Formatter<'_>) -> fmt::Result {
            for p in pieces {
                match p {
                    Piece::Text(t) => f.write_str(t)?,
                    Piece::Slot(s) => write!(f, "{{{}}}", s.name())?,
                    Piece::Choice(alts) => {
                        f.write_str("[")?;
                        for (i, a) in alts.iter().enumerate() {
                            if i > 0 {
                                f.write_str("|")?;
                            }
                            write(a, f)?;
                        }
                        f.write_str("]")?;
                    }
                }
            }
            Ok(())
        }
        write(&self.0, f)
    }
}
