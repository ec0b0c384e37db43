//! Labelled or unlabelled texts from a CSV file: a header row, fields quoted as RFC 4180 says
//! (a quoted field may hold commas, quotes and newlines), UTF-8 with or without a byte-order
//! mark.

use std::io::Read;

/// The rows read: one text per data row (the text columns joined by a newline), in order, and
/// each named optional column's value per row.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Each data row's text.
    pub texts: Vec<String>,
    /// Each data row's label, when a label column was named.
    pub labels: Option<Vec<String>>,
    /// Each data row's region code, when a region column was named (empty where none).
    pub regions: Option<Vec<String>>,
    /// Each data row's channel, when a channel column was named (empty where none).
    pub channels: Option<Vec<String>>,
    /// Each data row's identity values (the reporter's name, phone, e-mail, NIK), when identity
    /// columns were named: masked out of the text's features.
    pub identities: Option<Vec<Vec<String>>>,
}

/// The columns to read.
#[derive(Debug, Clone, Default)]
pub struct Columns<'a> {
    /// Text columns (at least one), joined by a newline.
    pub text: &'a [String],
    /// The label column: every row must have a label.
    pub label: Option<&'a str>,
    /// A region code column.
    pub region: Option<&'a str>,
    /// A channel column.
    pub channel: Option<&'a str>,
    /// Columns holding the reporter's identity (name, phone, e-mail, NIK).
    pub identity: &'a [String],
}

/// Why a file could not be read as asked.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A named column is not in the header.
    #[error("no column `{name}` in the header; the columns are: {available}")]
    MissingColumn {
        /// The name asked for.
        name: String,
        /// The header's names, comma-separated.
        available: String,
    },
    /// A row's label is empty.
    #[error("line {row} (data row {data_row}) has an empty label in `{column}`")]
    EmptyLabel {
        /// The line of the file (the header is line 1).
        row: u64,
        /// The 0-based data row.
        data_row: usize,
        /// The label column.
        column: String,
    },
    /// No data rows (or no header at all).
    #[error("the file has no data rows")]
    Empty,
    /// Not readable CSV.
    #[error("not readable as CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Not readable at all.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
}

/// Reads `input`'s `columns`. `progress` is told the bytes read so far.
pub fn read(
    mut input: impl Read,
    columns: &Columns,
    progress: &mut dyn FnMut(u64),
) -> Result<Corpus, CorpusError> {
    let label_col = columns.label;
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(body);
    let header = reader.headers()?.clone();
    if header.is_empty() {
        return Err(CorpusError::Empty);
    }
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| CorpusError::MissingColumn {
                name: name.to_owned(),
                available: header.iter().collect::<Vec<_>>().join(", "),
            })
    };
    let text_at: Vec<usize> = columns
        .text
        .iter()
        .map(|c| column(c))
        .collect::<Result<_, _>>()?;
    let label_at = label_col.map(column).transpose()?;
    let region_at = columns.region.map(column).transpose()?;
    let channel_at = columns.channel.map(column).transpose()?;
    let identity_at: Vec<usize> = columns
        .identity
        .iter()
        .map(|c| column(c))
        .collect::<Result<_, _>>()?;
    let mut corpus = Corpus {
        texts: Vec::new(),
        labels: label_at.map(|_| Vec::new()),
        regions: region_at.map(|_| Vec::new()),
        channels: channel_at.map(|_| Vec::new()),
        identities: (!identity_at.is_empty()).then(Vec::new),
    };
    for (data_row, record) in reader.records().enumerate() {
        let record = record?;
        let text = text_at
            .iter()
            .filter_map(|&i| record.get(i))
            .collect::<Vec<_>>()
            .join("\n");
        corpus.texts.push(text);
        let value = |at: usize| record.get(at).unwrap_or("").trim().to_owned();
        if let (Some(at), Some(out)) = (region_at, corpus.regions.as_mut()) {
            out.push(value(at));
        }
        if let (Some(at), Some(out)) = (channel_at, corpus.channels.as_mut()) {
            out.push(value(at));
        }
        if let Some(out) = corpus.identities.as_mut() {
            out.push(identity_at.iter().map(|&at| value(at)).collect());
        }
        if let (Some(at), Some(labels)) = (label_at, corpus.labels.as_mut()) {
            let label = record.get(at).unwrap_or("").trim();
            if label.is_empty() {
                return Err(CorpusError::EmptyLabel {
                    row: record.position().map_or(0, |p| p.line()),
                    data_row,
                    column: label_col.unwrap_or_default().to_owned(),
                });
            }
            labels.push(label.to_owned());
        }
        if data_row % 1000 == 0 {
            progress(record.position().map_or(0, |p| p.byte()));
        }
    }
    progress(body.len() as u64);
    if corpus.texts.is_empty() {
        return Err(CorpusError::Empty);
    }
    Ok(corpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn quoted_fields_may_hold_newlines_and_a_bom_is_skipped() {
        let csv = "\u{feff}judul,isi,instansi\n\"Jalan\",\"rusak,\nparah\",kota-surabaya\nLampu,mati,pln\n";
        let text = cols(&["judul", "isi"]);
        let columns = Columns {
            text: &text,
            label: Some("instansi"),
            ..Columns::default()
        };
        let c = read(csv.as_bytes(), &columns, &mut |_| {}).unwrap();
        assert!(c.identities.is_none() && c.regions.is_none());
        assert_eq!(c.texts, ["Jalan\nrusak,\nparah", "Lampu\nmati"]);
        assert_eq!(c.labels.unwrap(), ["kota-surabaya", "pln"]);
    }

    #[test]
    fn identity_columns_are_read_per_row_to_be_masked() {
        let csv = "isi,nama,hp\nJalan rusak kata Budi,Budi,0812\nLampu mati,Siti,\n";
        let (text, identity) = (cols(&["isi"]), cols(&["nama", "hp"]));
        let columns = Columns {
            text: &text,
            identity: &identity,
            ..Columns::default()
        };
        let c = read(csv.as_bytes(), &columns, &mut |_| {}).unwrap();
        assert_eq!(
            c.identities.unwrap(),
            [vec!["Budi", "0812"], vec!["Siti", ""]]
        );
    }

    #[test]
    fn a_missing_column_an_empty_label_and_an_empty_file_are_told_apart() {
        let csv = "judul,instansi\nJalan,\n";
        let isi = cols(&["isi"]);
        let judul = cols(&["judul"]);
        let only = |text| Columns {
            text,
            ..Columns::default()
        };
        let missing = read(csv.as_bytes(), &only(&isi), &mut |_| {}).unwrap_err();
        assert!(missing.to_string().contains("no column `isi`"), "{missing}");
        let labelled = Columns {
            label: Some("instansi"),
            ..only(&judul)
        };
        let empty_label = read(csv.as_bytes(), &labelled, &mut |_| {}).unwrap_err();
        assert!(matches!(
            empty_label,
            CorpusError::EmptyLabel { data_row: 0, .. }
        ));
        let empty = read("judul\n".as_bytes(), &only(&judul), &mut |_| {}).unwrap_err();
        assert!(matches!(empty, CorpusError::Empty));
        let nothing = read("".as_bytes(), &only(&judul), &mut |_| {}).unwrap_err();
        assert!(matches!(
            nothing,
            CorpusError::Empty | CorpusError::MissingColumn { .. }
        ));
    }
}
