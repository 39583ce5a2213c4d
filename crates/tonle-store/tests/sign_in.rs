//! Sign-in hardening in the store, on both backends: throttling, two-factor state, pending
//! sign-ins and reset links.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Duration, Utc};
use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::organisations::NewOrganisation;
use tonle_domain::roles::Role;
use tonle_store::Store;
use tonle_store::sessions::SessionLimits;
use tonle_store::sign_in::{PENDING_ATTEMPTS, ThrottleKeys, account_key};
use tonle_store::testing::databases;
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

#[tokio::test]
async fn failures_throttle_the_name_and_the_address_and_success_clears_the_name() {
    for db in databases().await {
        let s = &db.store;
        let keys = ThrottleKeys::new(" Sokha ", Some("192.0.2.7"));
        assert_eq!(keys.account, account_key("sokha"), "names are normalised");
        for i in 0..4 {
            s.record_sign_in_failure(&keys, at(i)).await.unwrap();
        }
        assert_eq!(s.sign_in_wait(&keys, at(4)).await.unwrap(), None);
        s.record_sign_in_failure(&keys, at(4)).await.unwrap();
        assert_eq!(
            s.sign_in_wait(&keys, at(4)).await.unwrap(),
            Some(Duration::seconds(30)),
            "{}",
            db.label
        );
        // The same name from elsewhere waits too; another name from this address does not yet.
        let elsewhere = ThrottleKeys::new("sokha", Some("198.51.100.1"));
        assert!(s.sign_in_wait(&elsewhere, at(5)).await.unwrap().is_some());
        let other = ThrottleKeys::new("dara", Some("192.0.2.7"));
        assert_eq!(s.sign_in_wait(&other, at(5)).await.unwrap(), None);
        assert_eq!(s.sign_in_wait(&keys, at(40)).await.unwrap(), None);
        s.clear_sign_in_failures(&keys.account).await.unwrap();
        s.record_sign_in_failure(&keys, at(41)).await.unwrap();
        assert_eq!(s.sign_in_wait(&keys, at(41)).await.unwrap(), None);

        // Thirty failures from one address on many names lock the address.
        for i in 0..30 {
            let k = ThrottleKeys::new(&format!("name{i}"), Some("203.0.113.9"));
            s.record_sign_in_failure(&k, at(100 + i)).await.unwrap();
        }
        let fresh = ThrottleKeys::new("nobody-tried", Some("203.0.113.9"));
        assert!(
            s.sign_in_wait(&fresh, at(130)).await.unwrap().is_some(),
            "{}",
            db.label
        );
        assert!(s.purge_sign_in_state(at(200_000)).await.unwrap() > 0);
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
        let key = account_key("sokha");
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
            s.pending_sign_in_failed(&token).await.unwrap();
        }
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
