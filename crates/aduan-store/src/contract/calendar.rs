//! Contract cases for the working-day calendar.

use super::{Harness, t0};
use crate::{
    AUDIT_CALENDAR_ADD, AUDIT_CALENDAR_REMOVE, AUDIT_CALENDAR_SEED, HolidayKind, NewHoliday, Store,
    StoreError, verify_history,
};
use aduan_domain::event::AuditEntry;
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn holiday(date: NaiveDate, name: &str, kind: HolidayKind, source: Option<&str>) -> NewHoliday {
    NewHoliday {
        date,
        name: name.into(),
        kind,
        source: source.map(Into::into),
    }
}

/// Part of the SKB 3 Menteri 2026 calendar, as data/holidays.csv lists it.
fn skb_2026() -> Vec<NewHoliday> {
    let skb = Some("SKB Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025");
    vec![
        holiday(
            day(2026, 3, 20),
            "Idulfitri 1447 H",
            HolidayKind::CutiBersama,
            skb,
        ),
        holiday(
            day(2026, 3, 21),
            "Idulfitri 1447 H",
            HolidayKind::LiburNasional,
            skb,
        ),
        holiday(
            day(2026, 3, 22),
            "Idulfitri 1447 H",
            HolidayKind::LiburNasional,
            skb,
        ),
        holiday(
            day(2026, 3, 23),
            "Idulfitri 1447 H",
            HolidayKind::CutiBersama,
            skb,
        ),
        holiday(
            day(2026, 3, 24),
            "Idulfitri 1447 H",
            HolidayKind::CutiBersama,
            skb,
        ),
        holiday(
            day(2026, 8, 17),
            "Proklamasi Kemerdekaan",
            HolidayKind::LiburNasional,
            skb,
        ),
    ]
}

async fn calendar_audit(store: &dyn Store) -> Vec<AuditEntry> {
    let (entries, _, _) = store.list_audit().await.unwrap();
    entries
        .into_iter()
        .filter(|e| e.action.starts_with("calendar."))
        .collect()
}

/// Holidays are added with every field, listed by year and by span in date order, make the
/// calendar that deadlines count with, and each addition is in the audit log.
pub async fn holidays_are_added_listed_by_year_and_make_the_working_calendar(h: &dyn Harness) {
    let store = h.store();
    let cuti = holiday(
        day(2026, 3, 24),
        "Idulfitri 1447 H",
        HolidayKind::CutiBersama,
        Some("SKB Nomor 1497 Tahun 2025"),
    );
    let added = store.add_holiday(&cuti, "1", t0()).await.unwrap();
    assert_eq!(
        (added.date, added.name.as_str(), added.kind),
        (cuti.date, "Idulfitri 1447 H", HolidayKind::CutiBersama)
    );
    assert_eq!(added.source.as_deref(), Some("SKB Nomor 1497 Tahun 2025"));
    assert_eq!(added.created_at, t0(), "microseconds survive");
    let local = holiday(day(2026, 1, 2), "Cuti daerah", HolidayKind::Other, None);
    let new_year = holiday(
        day(2027, 1, 1),
        "Tahun Baru",
        HolidayKind::LiburNasional,
        None,
    );
    for h in [&new_year, &local] {
        store.add_holiday(h, "cli", t0()).await.unwrap();
    }

    let in_2026 = store.list_holidays_in_year(2026).await.unwrap();
    let dates: Vec<NaiveDate> = in_2026.iter().map(|h| h.date).collect();
    assert_eq!(dates, [day(2026, 1, 2), day(2026, 3, 24)], "by date");
    assert_eq!(in_2026[0].source, None);
    assert_eq!(in_2026[1], added);
    let span = store
        .list_holidays(day(2026, 3, 24), day(2027, 1, 1))
        .await
        .unwrap();
    assert_eq!(span.len(), 2, "both ends are included");
    assert!(store.list_holidays_in_year(2025).await.unwrap().is_empty());

    let cal = store.work_calendar().await.unwrap();
    assert_eq!(cal.days().count(), 3);
    assert!(!cal.is_working_day(day(2026, 3, 24)));
    assert!(cal.is_working_day(day(2026, 3, 25)));

    let audit = calendar_audit(store.as_ref()).await;
    assert_eq!(audit.len(), 3);
    assert_eq!(
        (
            audit[0].action.as_str(),
            audit[0].subject.as_str(),
            audit[0].actor.as_str()
        ),
        (AUDIT_CALENDAR_ADD, "calendar:2026-03-24", "1")
    );
    assert_eq!(audit[0].payload["kind"], "cuti_bersama");
    assert_eq!(audit[0].payload["name"], "Idulfitri 1447 H");
    assert_eq!(audit[2].actor, "cli");
    assert!(
        verify_history(store.as_ref(), |_| {})
            .await
            .unwrap()
            .is_intact()
    );
}

/// A date can be listed once: adding it again is a conflict that changes and audits nothing.
pub async fn a_date_added_twice_is_a_conflict_and_audited_once(h: &dyn Harness) {
    let store = h.store();
    let first = holiday(
        day(2026, 8, 17),
        "Proklamasi",
        HolidayKind::LiburNasional,
        None,
    );
    store.add_holiday(&first, "1", t0()).await.unwrap();
    let again = holiday(day(2026, 8, 17), "Hari lain", HolidayKind::Other, None);
    let r = store.add_holiday(&again, "1", t0()).await;
    assert!(matches!(r, Err(StoreError::Conflict { .. })), "{r:?}");
    let listed = store.list_holidays_in_year(2026).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "Proklamasi", "the first entry stands");
    assert_eq!(calendar_audit(store.as_ref()).await.len(), 1);
}

/// Removing a date returns what was removed, makes it a working day again and is audited;
/// removing a date that is not listed is not found and audits nothing.
pub async fn removing_a_holiday_is_audited_and_an_unlisted_date_is_not_found(h: &dyn Harness) {
    let store = h.store();
    for entry in &skb_2026() {
        store.add_holiday(entry, "1", t0()).await.unwrap();
    }
    let later = t0() + chrono::Duration::days(1);
    let removed = store
        .remove_holiday(day(2026, 3, 24), "7", later)
        .await
        .unwrap();
    assert_eq!(
        (removed.name.as_str(), removed.kind),
        ("Idulfitri 1447 H", HolidayKind::CutiBersama)
    );
    assert!(
        store
            .work_calendar()
            .await
            .unwrap()
            .is_working_day(day(2026, 3, 24))
    );
    assert_eq!(store.list_holidays_in_year(2026).await.unwrap().len(), 5);

    let r = store.remove_holiday(day(2026, 3, 24), "7", later).await;
    assert!(matches!(r, Err(StoreError::NotFound)), "{r:?}");
    let audit = calendar_audit(store.as_ref()).await;
    assert_eq!(audit.len(), 7, "six additions and one removal");
    let last = audit.last().unwrap();
    assert_eq!(
        (
            last.action.as_str(),
            last.subject.as_str(),
            last.actor.as_str()
        ),
        (AUDIT_CALENDAR_REMOVE, "calendar:2026-03-24", "7")
    );
    assert_eq!(last.payload["kind"], "cuti_bersama");
    assert_eq!(last.at, later);
}

/// The shipped calendar is loaded into a calendar that was never loaded, once: a second start
/// adds nothing, and a calendar an admin emptied on purpose stays empty.
pub async fn the_shipped_calendar_is_seeded_once_and_never_brings_back_removed_dates(
    h: &dyn Harness,
) {
    let store = h.store();
    let shipped = skb_2026();
    assert_eq!(
        store
            .seed_holidays_if_empty(&shipped, "system", t0())
            .await
            .unwrap(),
        6
    );
    let listed = store.list_holidays_in_year(2026).await.unwrap();
    assert_eq!(listed.len(), 6);
    assert!(
        listed[0]
            .source
            .as_deref()
            .unwrap()
            .starts_with("SKB Nomor 1497")
    );
    assert_eq!(
        store
            .seed_holidays_if_empty(&shipped, "system", t0())
            .await
            .unwrap(),
        0,
        "a second start adds nothing"
    );
    for entry in &shipped {
        store.remove_holiday(entry.date, "1", t0()).await.unwrap();
    }
    assert_eq!(
        store
            .seed_holidays_if_empty(&shipped, "system", t0())
            .await
            .unwrap(),
        0,
        "removed dates stay removed"
    );
    assert!(store.list_holidays_in_year(2026).await.unwrap().is_empty());
    let seeds: Vec<AuditEntry> = calendar_audit(store.as_ref())
        .await
        .into_iter()
        .filter(|e| e.action == AUDIT_CALENDAR_SEED)
        .collect();
    assert_eq!(seeds.len(), 1);
    assert_eq!(seeds[0].payload["entries"], 6);
    assert_eq!(seeds[0].payload["first"], "2026-03-20");
    assert_eq!(seeds[0].actor, "system");
}

/// A calendar edited before the first seed is not seeded over; a seed with a date listed twice
/// writes nothing.
pub async fn a_calendar_edited_before_seeding_is_kept_and_a_bad_seed_writes_nothing(
    h: &dyn Harness,
) {
    let store = h.store();
    let mut shipped = skb_2026();
    shipped.push(shipped[0].clone());
    let r = store.seed_holidays_if_empty(&shipped, "system", t0()).await;
    assert!(matches!(r, Err(StoreError::Conflict { .. })), "{r:?}");
    assert!(store.work_calendar().await.unwrap().days().next().is_none());
    assert!(calendar_audit(store.as_ref()).await.is_empty());

    let own = holiday(day(2026, 4, 1), "Libur daerah", HolidayKind::Other, None);
    store.add_holiday(&own, "1", t0()).await.unwrap();
    shipped.pop();
    assert_eq!(
        store
            .seed_holidays_if_empty(&shipped, "system", t0())
            .await
            .unwrap(),
        0
    );
    let dates: Vec<NaiveDate> = store.work_calendar().await.unwrap().days().collect();
    assert_eq!(dates, [day(2026, 4, 1)]);
}

/// Two instances starting at once on one database load the shipped calendar once.
pub async fn two_instances_seeding_at_once_load_the_calendar_once(h: &dyn Harness) {
    let (a, b) = (h.store(), h.reopen().await);
    let shipped = skb_2026();
    let (x, y) = tokio::join!(
        a.seed_holidays_if_empty(&shipped, "system", t0()),
        b.seed_holidays_if_empty(&shipped, "system", t0()),
    );
    let mut counts = [x.unwrap(), y.unwrap()];
    counts.sort_unstable();
    assert_eq!(counts, [0, 6]);
    assert_eq!(b.work_calendar().await.unwrap().days().count(), 6);
    let seeds = calendar_audit(a.as_ref()).await;
    assert_eq!(seeds.len(), 1);
}
