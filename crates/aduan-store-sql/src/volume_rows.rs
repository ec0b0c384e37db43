//! The rows of the statistics' running counts and of the backlog by age.

/// A running count summed, as read.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct VolumeRow {
    pub agency: String,
    pub value: String,
    pub period: String,
    pub n: i64,
}

/// One agency's open reports in the backlog's five age buckets, newest first, as read.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct BacklogSqlRow {
    pub agency: Option<String>,
    pub b0: Option<i64>,
    pub b1: Option<i64>,
    pub b2: Option<i64>,
    pub b3: Option<i64>,
    pub b4: Option<i64>,
}
