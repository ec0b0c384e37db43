//! `aduan jobs`: what the background queue holds, and putting a dead job back in line.

use crate::backend::open_store;
use crate::serve::SystemTimeSource;
use crate::settings::Settings;
use aduan_domain::TimeSource;
use aduan_domain::event::canonical_time;
use aduan_store::{JobId, JobState, StoreError};
use anyhow::bail;
use std::process::ExitCode;

/// Subcommands of `aduan jobs`.
#[derive(Debug, clap::Subcommand)]
pub enum JobsCommand {
    /// How many jobs and outbox messages are in each state.
    Counts,
    /// Jobs, oldest first.
    List {
        /// Only jobs in this state: queued, running, done or dead.
        #[arg(long)]
        state: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Queue a dead job again, due now, with its attempts reset.
    Requeue {
        /// The job's id.
        id: i64,
    },
}

/// Runs `aduan jobs ...`.
pub async fn run(command: JobsCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings, true).await?;
    match command {
        JobsCommand::Counts => {
            let j = store.count_jobs().await?;
            let o = store.count_outbox().await?;
            println!(
                "jobs: {} queued, {} running, {} done, {} dead",
                j.queued, j.running, j.done, j.dead
            );
            println!(
                "outbox: {} pending, {} sent, {} dead",
                o.pending, o.sent, o.dead
            );
        }
        JobsCommand::List { state, limit } => {
            let state = match state.as_deref() {
                None => None,
                Some(s) => match JobState::parse(s) {
                    Some(s) => Some(s),
                    None => bail!("unknown state `{s}`: use queued, running, done or dead"),
                },
            };
            for j in store.list_jobs(state, limit).await? {
                println!(
                    "{}\t{}\t{}\t{}/{}\t{}\t{}",
                    j.id,
                    j.name,
                    j.state.as_str(),
                    j.attempts,
                    j.max_attempts,
                    canonical_time(j.run_at),
                    j.last_error.unwrap_or_default()
                );
            }
        }
        JobsCommand::Requeue { id } => {
            match store
                .requeue_dead_job(JobId(id), SystemTimeSource.now())
                .await
            {
                Ok(()) => println!("job {id} queued again"),
                Err(StoreError::NotFound) => bail!("no dead job {id}"),
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
