//! Generated histories written in bulk to a real store read back intact.

use crate::fixture::generator;
use aduan_gen::replay_events;
use aduan_store::{BulkStore, ReportStore, verify_history};
use aduan_store_sqlite::SqliteStore;

#[tokio::test]
async fn two_thousand_generated_reports_written_in_bulk_read_back_verify_and_replay() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("gen.db").display());
    let store = SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    let g = generator(2_000, 31);
    let mut events = 0;
    for start in (0..2_000).step_by(700) {
        let batch = g.reports(start..(start + 700).min(2_000)).unwrap();
        let counts = store
            .insert_histories(&batch, &g.world.calendar)
            .await
            .unwrap();
        assert_eq!(counts.reports, batch.len() as u64);
        events += counts.events;
    }
    let report = verify_history(&store, |_| {}).await.unwrap();
    assert!(report.is_intact(), "{:?}", report.problems);
    assert_eq!((report.reports, report.events), (2_000, events));

    for i in (0..2_000).step_by(37) {
        let h = g.report(i).unwrap();
        let stored = store
            .get_report(&h.report.tracking_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored, h.final_report());
        let stored_events = store.list_events(&h.report.tracking_id).await.unwrap();
        replay_events(&g.world, &g.roster, &h, &stored_events).unwrap();
        assert_eq!(
            store.get_identity(&h.report.reporter).await.unwrap(),
            Some(h.identity.clone().unwrap_or_default())
        );
    }
}
