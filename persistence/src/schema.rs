// The diesel view of migrations/*/2026-11-26-000001_foundation. Types are the ones MultiConnection carries
// on both backends: TEXT ids, UTC TIMESTAMP, DATE, BOOLEAN, INTEGER.

diesel::table! {
    partnerships (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agencies (id) {
        id -> Text,
        partnership_id -> Text,
        code -> Text,
        name -> Text,
        kind -> Text,
        statutory_role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    referral_counters (partnership_id, year) {
        partnership_id -> Text,
        year -> Integer,
        last_number -> Integer,
    }
}

diesel::table! {
    referrals (id) {
        id -> Text,
        partnership_id -> Text,
        reference -> Text,
        referring_agency -> Text,
        status -> Text,
        received_at -> Timestamp,
        received_by -> Text,
        incident_date -> Date,
        aware_date -> Date,
        harm -> Text,
        abuse_or_neglect -> Text,
        criteria -> Text,
        institutional_setting -> Nullable<Text>,
        families_moved_across_areas -> Bool,
        parallel_processes -> Text,
        summary -> Text,
    }
}

diesel::table! {
    referral_children (referral_id, position) {
        referral_id -> Text,
        position -> Integer,
        pseudonym -> Text,
        age_years -> Nullable<Integer>,
        date_of_birth -> Nullable<Date>,
        sex -> Text,
        looked_after -> Bool,
        child_protection_plan -> Bool,
        local_authority -> Text,
    }
}

diesel::table! {
    referral_agencies (referral_id, position) {
        referral_id -> Text,
        position -> Integer,
        agency_code -> Text,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        partnership_id -> Text,
        occurred_at -> Timestamp,
        subject -> Text,
        agency_code -> Nullable<Text>,
        action -> Text,
        resource_type -> Text,
        resource_id -> Nullable<Text>,
        request_id -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    partnerships,
    agencies,
    referral_counters,
    referrals,
    referral_children,
    referral_agencies,
    audit_events,
);
