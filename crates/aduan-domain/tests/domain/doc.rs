//! Reading the tables of `docs/domain.md`, the project's contract, so that the tests can hold
//! the code to them.

/// The contract.
pub const DOMAIN_MD: &str = include_str!("../../../../docs/domain.md");

/// The body rows of the Markdown table whose header row starts with `first_header` (its first
/// cell), each as its trimmed cells, with the 1-based line number. Fails when there is no such
/// table or when a row has a different number of cells than the header.
pub fn table(first_header: &str) -> (Vec<String>, Vec<(usize, Vec<String>)>) {
    let cells = |line: &str| -> Vec<String> {
        let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
        inner.split('|').map(|c| c.trim().to_owned()).collect()
    };
    let lines: Vec<&str> = DOMAIN_MD.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with('|') && cells(l)[0] == first_header)
        .unwrap_or_else(|| panic!("docs/domain.md has no table starting with `{first_header}`"));
    let header = cells(lines[start]);
    let mut rows = Vec::new();
    for (offset, line) in lines[start + 2..].iter().enumerate() {
        if !line.trim_start().starts_with('|') {
            break;
        }
        let row = cells(line);
        let number = start + 3 + offset;
        assert_eq!(
            row.len(),
            header.len(),
            "docs/domain.md line {number}: {} cells, the header has {}",
            row.len(),
            header.len()
        );
        rows.push((number, row));
    }
    (header, rows)
}

/// The words written `like this` in a cell, in order.
pub fn code_words(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}
