//! Sign-in hardening in the store, on both backends: throttling, two-factor state, pending
//! sign-ins and reset links.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Duration, Utc};
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::roles::Role;
use tonle_store::Store;
use tonle_store::sessions::SessionLimits;
use tonle_store::sign_in::{Attempt, Locks, PENDING_ATTEMPTS, ThrottleKeys};
use tonle_store::testing::{databases, test_keys};
use tonle_store::users::{NewUser, User};

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
}

async fn setup(store: &Store) -> (tonle_domain::ids::OrgId, User) {
    let org = store
        .create_organisation(
            &NewOrganisation::parse("Safe Home", "", false).unwrap(),
            None,
        )
        .await
        .unwrap()
        .id;
    let user = store
        .create_user(NewUser {
            username: &Username::parse("sokha").unwrap(),
            name: &DisplayName::parse("Chan Sokha", "").unwrap(),
            password: &NewPassword::parse("river-of-four-faces").unwrap(),
            org,
            role: Role::CaseWorker,
            language: None,
        })
        .await
        .unwrap();
    (org, user)
}

/// Reserves an attempt that is then taken to have failed; panics when it is refused.
async fn fail(s: &Store, keys: &ThrottleKeys, now: DateTime<Utc>) -> Locks {
    match s.reserve_sign_in_attempt(keys, now).await.unwrap() {
        Attempt::Allowed(locks) => locks,
        Attempt::Wait(w) => panic!("refused, wait {w}"),
    }
}

#[tokio::test]
async fn failures_throttle_the_name_and_the_address_and_success_clears_the_name() {
    for db in databases().await {
        let s = &db.store;
        let keys = s.throttle_keys(" Sokha ", Some("192.0.2.7")).unwrap();
        assert_eq!(
            keys.account,
            s.account_key("sokha").unwrap(),
            "names are normalised"
        );
        for i in 0..4 {
            assert_eq!(fail(s, &keys, at(i)).await, Locks::default());
        }
        assert_eq!(s.sign_in_wait(&keys, at(4)).await.unwrap(), None);
        let locks = fail(s, &keys, at(4)).await;
        assert!(
            locks.account && !locks.address,
            "the fifth failure locks the name"
        );
        assert_eq!(
            s.sign_in_wait(&keys, at(4)).await.unwrap(),
            Some(Duration::seconds(30)),
            "{}",
            db.label
        );
        assert_eq!(
            s.reserve_sign_in_attempt(&keys, at(5)).await.unwrap(),
            Attempt::Wait(Duration::seconds(29))
        );
        // The same name from elsewhere waits too; another name from this address does not yet.
        let elsewhere = s.throttle_keys("sokha", Some("198.51.100.1")).unwrap();
        assert!(matches!(
            s.reserve_sign_in_attempt(&elsewhere, at(5)).await.unwrap(),
            Attempt::Wait(_)
        ));
        let other = s.throttle_keys("dara", Some("192.0.2.7")).unwrap();
        assert_eq!(s.sign_in_wait(&other, at(5)).await.unwrap(), None);
        assert_eq!(s.sign_in_wait(&keys, at(40)).await.unwrap(), None);
        // A right password after the wait: the name's count goes.
        fail(s, &keys, at(41)).await;
        s.sign_in_succeeded(&keys).await.unwrap();
        fail(s, &keys, at(42)).await;
        assert_eq!(s.sign_in_wait(&keys, at(42)).await.unwrap(), None);

        // Thirty failures from one address on many names lock the address.
        for i in 0..30 {
            let k = s
                .throttle_keys(&format!("name{i}"), Some("203.0.113.9"))
                .unwrap();
            let locks = fail(s, &k, at(100 + i)).await;
            assert_eq!(locks.address, i == 29, "{i}");
        }
        let fresh = s
            .throttle_keys("nobody-tried", Some("203.0.113.9"))
            .unwrap();
        assert!(
            s.sign_in_wait(&fresh, at(130)).await.unwrap().is_some(),
            "{}",
            db.label
        );
        // An IPv6 client is counted by its /64.
        for i in 0..30 {
            let k = s
                .throttle_keys(&format!("v6name{i}"), Some(&format!("2001:db8:1:2::{i:x}")))
                .unwrap();
            fail(s, &k, at(200 + i)).await;
        }
        let neighbour = s
            .throttle_keys("someone", Some("2001:db8:1:2:ffff::1"))
            .unwrap();
        assert!(s.sign_in_wait(&neighbour, at(230)).await.unwrap().is_some());
        let next_net = s.throttle_keys("someone", Some("2001:db8:1:3::1")).unwrap();
        assert_eq!(s.sign_in_wait(&next_net, at(230)).await.unwrap(), None);
    }
}

#[tokio::test]
async fn a_right_answer_gives_its_attempt_back() {
    for db in databases().await {
        let s = &db.store;
        // An office behind one address: 29 failures, then people who sign in rightly.
        for i in 0..29 {
            let k = s
                .throttle_keys(&format!("typo{i}"), Some("192.0.2.50"))
                .unwrap();
            fail(s, &k, at(i)).await;
        }
        for i in 0..10 {
            let k = s
                .throttle_keys(&format!("user{i}"), Some("192.0.2.50"))
                .unwrap();
            let locks = fail(s, &k, at(30 + i)).await;
            assert!(
                locks.address,
                "the 30th counts would lock, until given back"
            );
            s.sign_in_succeeded(&k).await.unwrap();
            assert_eq!(
                s.sign_in_wait(&k, at(30 + i)).await.unwrap(),
                None,
                "{}",
                db.label
            );
        }
        // Releasing a name's attempt (right password, code still due) lifts its wait too.
        let k = s.throttle_keys("sokha", Some("198.51.100.3")).unwrap();
        for i in 0..5 {
            fail(s, &k, at(100 + i)).await;
        }
        assert!(s.sign_in_wait(&k, at(105)).await.unwrap().is_some());
        s.release_sign_in_attempt(&k).await.unwrap();
        assert_eq!(s.sign_in_wait(&k, at(105)).await.unwrap(), None);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_attempts_on_one_name_get_only_the_free_ones() {
    for db in databases().await {
        let s = &db.store;
        let attempts = (0..25).map(|i| {
            let s = s.clone();
            async move {
                // Twenty-five clients, one name: the address differs each time.
                let keys = s
                    .throttle_keys("sokha", Some(&format!("198.51.100.{i}")))
                    .unwrap();
                s.reserve_sign_in_attempt(&keys, at(0)).await.unwrap()
            }
        });
        let handles: Vec<_> = attempts.map(tokio::spawn).collect();
        let mut allowed = 0;
        for h in handles {
            if let Attempt::Allowed(_) = h.await.unwrap() {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 5, "{}", db.label);

        // And the code step: five attempts on a pending sign-in, however many come at once.
        let (_, user) = setup(s).await;
        let key = s.account_key("sokha").unwrap();
        let token = s
            .create_pending_sign_in(user.id, &key, "/", at(0))
            .await
            .unwrap();
        let handles: Vec<_> = (0..20)
            .map(|_| {
                let (s, token) = (s.clone(), token.clone());
                tokio::spawn(async move { s.use_pending_attempt(&token, at(1)).await.unwrap() })
            })
            .collect();
        let mut used = 0;
        for h in handles {
            used += usize::from(h.await.unwrap());
        }
        assert_eq!(used, PENDING_ATTEMPTS as usize, "{}", db.label);
    }
}

#[tokio::test]
async fn old_counters_are_purged_and_digests_depend_on_the_key() {
    for db in databases().await {
        let s = &db.store;
        let keys = s.throttle_keys("sokha", Some("192.0.2.7")).unwrap();
        fail(s, &keys, at(0)).await;
        let recent = s.throttle_keys("dara", Some("192.0.2.8")).unwrap();
        fail(s, &recent, at(3000)).await;
        let (_, user) = setup(s).await;
        let token = s
            .create_pending_sign_in(user.id, &keys.account, "/", at(0))
            .await
            .unwrap();
        // An hour on, the first counters and the pending sign-in are of no use any more.
        assert_eq!(
            s.purge_sign_in_state(at(3700)).await.unwrap(),
            3,
            "{}",
            db.label
        );
        assert!(s.pending_sign_in(&token, at(1)).await.unwrap().is_none());
        for _ in 0..4 {
            fail(s, &recent, at(3700)).await;
        }
        assert!(
            s.sign_in_wait(&recent, at(3700)).await.unwrap().is_some(),
            "recent counters stay"
        );

        // The keys are HMACs under the key ring's index key: another ring, other digests, and
        // neither is the plain SHA-256 a dump could be checked against.
        let other = Store::clone(s).with_keys(test_keys());
        assert_ne!(
            other.account_key("sokha").unwrap(),
            s.account_key("sokha").unwrap()
        );
        assert_ne!(
            s.account_key("sokha").unwrap(),
            tonle_protect::secrets::digest("user:sokha")
        );
        assert_eq!(keys.account.len(), 64);
    }
}

#[tokio::test]
async fn two_factor_enrols_accepts_each_step_once_and_recovery_codes_once() {
    for db in databases().await {
        let s = &db.store;
        let (org, user) = setup(s).await;
        assert!(s.two_factor(user.id).await.unwrap().is_none());
        s.begin_two_factor(user.id, b"first-secret-0123456", at(0))
            .await
            .unwrap();
        // Starting again replaces an unconfirmed secret.
        s.begin_two_factor(user.id, b"other-secret-0123456", at(1))
            .await
            .unwrap();
        let tf = s.two_factor(user.id).await.unwrap().unwrap();
        assert_eq!(tf.secret, b"other-secret-0123456");
        assert!(!tf.enabled);
        assert!(
            !s.accept_totp_step(user.id, 5).await.unwrap(),
            "not enabled yet"
        );
        let codes: Vec<String> = (0..10).map(|i| format!("code{i:02}-abcde")).collect();
        assert!(
            s.enable_two_factor(user.id, 100, &codes, at(2))
                .await
                .unwrap()
        );
        assert!(
            !s.enable_two_factor(user.id, 101, &codes, at(2))
                .await
                .unwrap()
        );
        let tf = s.two_factor(user.id).await.unwrap().unwrap();
        assert!(tf.enabled && tf.recovery_codes_left == 10, "{}", db.label);
        assert!(
            s.begin_two_factor(user.id, b"x-secret-01234567890", at(3))
                .await
                .is_err()
        );

        assert!(
            !s.accept_totp_step(user.id, 100).await.unwrap(),
            "used at enrolment"
        );
        assert!(s.accept_totp_step(user.id, 101).await.unwrap());
        assert!(!s.accept_totp_step(user.id, 101).await.unwrap(), "replay");
        assert!(
            !s.accept_totp_step(user.id, 99).await.unwrap(),
            "older step"
        );

        assert!(
            s.use_recovery_code(user.id, "CODE03 ABCDE", at(4))
                .await
                .unwrap()
        );
        assert!(
            !s.use_recovery_code(user.id, "code03-abcde", at(5))
                .await
                .unwrap()
        );
        assert!(
            !s.use_recovery_code(user.id, "not-a-code", at(5))
                .await
                .unwrap()
        );
        assert_eq!(
            s.two_factor(user.id)
                .await
                .unwrap()
                .unwrap()
                .recovery_codes_left,
            9
        );

        // An organisation that requires it: members without it must enrol.
        assert!(!s.must_enrol_two_factor(user.id).await.unwrap());
        s.set_two_factor_required(org, true).await.unwrap();
        assert!(
            s.organisation(org)
                .await
                .unwrap()
                .unwrap()
                .require_two_factor
        );
        assert!(!s.must_enrol_two_factor(user.id).await.unwrap(), "has it");
        s.disable_two_factor(user.id).await.unwrap();
        assert!(s.two_factor(user.id).await.unwrap().is_none());
        assert!(
            s.must_enrol_two_factor(user.id).await.unwrap(),
            "{}",
            db.label
        );
        assert!(
            !s.use_recovery_code(user.id, "code04-abcde", at(6))
                .await
                .unwrap()
        );
    }
}

#[tokio::test]
async fn pending_sign_ins_expire_and_run_out_of_attempts() {
    for db in databases().await {
        let s = &db.store;
        let (_, user) = setup(s).await;
        let key = s.account_key("sokha").unwrap();
        let token = s
            .create_pending_sign_in(user.id, &key, "/places", at(0))
            .await
            .unwrap();
        let p = s.pending_sign_in(&token, at(10)).await.unwrap().unwrap();
        assert_eq!(
            (p.user, p.next.as_str(), p.account_key),
            (user.id, "/places", key.clone())
        );
        assert!(
            s.pending_sign_in(&token, at(301)).await.unwrap().is_none(),
            "expired"
        );
        assert!(
            s.pending_sign_in(&token, at(10)).await.unwrap().is_none(),
            "deleted"
        );

        let token = s
            .create_pending_sign_in(user.id, &key, "/", at(0))
            .await
            .unwrap();
        for _ in 0..PENDING_ATTEMPTS {
            assert!(s.pending_sign_in(&token, at(1)).await.unwrap().is_some());
            assert!(s.use_pending_attempt(&token, at(1)).await.unwrap());
        }
        assert!(!s.use_pending_attempt(&token, at(1)).await.unwrap());
        assert!(
            s.pending_sign_in(&token, at(1)).await.unwrap().is_none(),
            "{}",
            db.label
        );
        assert!(
            s.pending_sign_in("not-a-token", at(1))
                .await
                .unwrap()
                .is_none()
        );
    }
}

#[tokio::test]
async fn reset_links_work_once_before_they_expire_and_end_sessions() {
    for db in databases().await {
        let s = &db.store;
        let (_, user) = setup(s).await;
        let limits = SessionLimits {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        };
        let now = Utc::now();
        let session = s.create_session(user.id, now).await.unwrap();
        let old = s.create_password_reset(user.id, None, now).await.unwrap();
        let token = s.create_password_reset(user.id, None, now).await.unwrap();
        assert!(
            s.password_reset_user(&old, now).await.unwrap().is_none(),
            "replaced"
        );
        assert_eq!(
            s.password_reset_user(&token, now)
                .await
                .unwrap()
                .map(|u| u.id),
            Some(user.id)
        );
        let expired_at = now + Duration::hours(24);
        assert!(
            s.password_reset_user(&token, expired_at)
                .await
                .unwrap()
                .is_none()
        );
        let new = NewPassword::parse("a-fresh-start-here").unwrap();
        assert!(
            !s.use_password_reset(&token, &new, expired_at)
                .await
                .unwrap()
        );
        assert!(
            s.use_password_reset(&token, &new, now).await.unwrap(),
            "{}",
            db.label
        );
        assert!(
            !s.use_password_reset(&token, &new, now).await.unwrap(),
            "used up"
        );
        assert!(
            s.session(&session.token, now, limits)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            s.authenticate("sokha", "a-fresh-start-here")
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            s.authenticate("sokha", "river-of-four-faces")
                .await
                .unwrap()
                .is_none()
        );
    }
}
