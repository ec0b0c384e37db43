//! Contract cases for the rate limiter: fixed limits and growing delays are counted in the
//! database, hold across instances, and never let two concurrent hits take the last attempt.

use super::{Harness, t0};
use crate::{LimitPolicy, LimitVerdict};
use chrono::Duration;

/// A fixed limit lets its attempts through, refuses the next one until the window ends with
/// the seconds left, and starts again after it; buckets are counted apart.
pub async fn a_fixed_limit_refuses_the_attempt_after_the_last_until_its_window_ends(
    h: &dyn Harness,
) {
    let s = h.store();
    let policy = LimitPolicy::fixed(3, 600);
    for _ in 0..3 {
        assert_eq!(
            s.hit_limit("submit:a", &policy, t0()).await.unwrap(),
            LimitVerdict::Allowed
        );
    }
    let later = t0() + Duration::seconds(100);
    assert_eq!(
        s.hit_limit("submit:a", &policy, later).await.unwrap(),
        LimitVerdict::Limited { retry_after: 500 }
    );
    assert_eq!(
        s.peek_limit("submit:a", later).await.unwrap(),
        LimitVerdict::Limited { retry_after: 500 },
        "a peek sees the block and counts nothing"
    );
    assert_eq!(
        s.hit_limit("submit:b", &policy, later).await.unwrap(),
        LimitVerdict::Allowed,
        "another bucket has its own count"
    );
    let next_window = t0() + Duration::seconds(600);
    assert_eq!(
        s.hit_limit("submit:a", &policy, next_window).await.unwrap(),
        LimitVerdict::Allowed
    );
}

/// A growing delay blocks after its free attempts, doubles at each further hit up to its
/// maximum, and clearing the bucket forgets it, on this instance and on another.
pub async fn a_growing_delay_doubles_up_to_its_maximum_and_clearing_forgets_it(h: &dyn Harness) {
    let s = h.store();
    let other = h.reopen().await;
    let policy = LimitPolicy::growing(3, 86_400, 2, 5);
    let mut now = t0();
    for _ in 0..2 {
        assert!(
            !s.hit_limit("login:x", &policy, now)
                .await
                .unwrap()
                .is_limited()
        );
    }
    assert_eq!(
        s.hit_limit("login:x", &policy, now).await.unwrap(),
        LimitVerdict::Allowed,
        "the last free attempt goes through"
    );
    assert_eq!(
        other.hit_limit("login:x", &policy, now).await.unwrap(),
        LimitVerdict::Limited { retry_after: 2 },
        "another instance sees the block"
    );
    now += Duration::seconds(2);
    assert!(
        !other
            .hit_limit("login:x", &policy, now)
            .await
            .unwrap()
            .is_limited()
    );
    assert_eq!(
        s.peek_limit("login:x", now).await.unwrap(),
        LimitVerdict::Limited { retry_after: 4 },
        "the delay doubled"
    );
    now += Duration::seconds(4);
    assert!(
        !s.hit_limit("login:x", &policy, now)
            .await
            .unwrap()
            .is_limited()
    );
    assert_eq!(
        s.peek_limit("login:x", now).await.unwrap(),
        LimitVerdict::Limited { retry_after: 5 },
        "up to the maximum"
    );
    other.clear_limit("login:x").await.unwrap();
    assert_eq!(
        s.peek_limit("login:x", now).await.unwrap(),
        LimitVerdict::Allowed
    );
}

/// Many hits at once from two instances on one bucket: exactly the allowed number go through.
pub async fn concurrent_hits_from_two_instances_never_exceed_the_limit(h: &dyn Harness) {
    let (a, b) = (h.store(), h.reopen().await);
    let policy = LimitPolicy::fixed(5, 3600);
    let mut tasks = Vec::new();
    for i in 0..16 {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            store.hit_limit("code:r1", &policy, t0()).await.unwrap()
        }));
    }
    let mut allowed = 0;
    for t in tasks {
        if !t.await.unwrap().is_limited() {
            allowed += 1;
        }
    }
    assert_eq!(allowed, 5);
}
