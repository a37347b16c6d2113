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
        received_on -> Date,
        kind -> Text,
        incident_in_england -> Bool,
        incident_in_partnership_area -> Bool,
        incident_local_authority -> Nullable<Text>,
        child_resident_in_partnership_area -> Bool,
        disposed_on -> Nullable<Date>,
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
        role -> Text,
        birth_key_id -> Nullable<Text>,
        birth_nonce -> Nullable<Binary>,
        birth_sealed -> Nullable<Binary>,
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
        sequence -> Nullable<BigInt>,
        previous_hash -> Nullable<Text>,
        hash -> Nullable<Text>,
    }
}

diesel::table! {
    audit_chain_heads (partnership_id) {
        partnership_id -> Text,
        sequence -> BigInt,
        hash -> Text,
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

diesel::table! {
    referral_triage (referral_id) {
        referral_id -> Text,
        criteria_met -> Bool,
        outcome -> Text,
        reasons -> Text,
        decided_by -> Text,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    referral_notifications (referral_id, kind) {
        referral_id -> Text,
        kind -> Text,
        sent_on -> Date,
        reference -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    information_requests (id) {
        id -> Text,
        partnership_id -> Text,
        referral_id -> Text,
        agency_code -> Text,
        kind -> Text,
        status -> Text,
        sent_on -> Date,
        due_on -> Date,
        versions -> Integer,
        first_submitted_at -> Nullable<Timestamp>,
        created_by -> Text,
        created_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        last_submitted_at -> Nullable<Timestamp>,
        rework_due_on -> Nullable<Date>,
    }
}

diesel::table! {
    information_returns (request_id, version) {
        request_id -> Text,
        version -> Integer,
        summary_of_involvement -> Text,
        analysis_of_involvement -> Text,
        records_secured -> Bool,
        records_secured_on -> Nullable<Date>,
        records_secured_by -> Nullable<Text>,
        representative_name -> Text,
        representative_role -> Text,
        representative_contact -> Text,
        submitted_by -> Text,
        submitted_at -> Timestamp,
        chief_officer -> Nullable<Text>,
        signed_off_on -> Nullable<Date>,
    }
}

diesel::table! {
    return_reviews (request_id, version) {
        request_id -> Text,
        version -> Integer,
        outcome -> Text,
        reasons -> Text,
        note -> Nullable<Text>,
        reviewed_by -> Text,
        reviewed_at -> Timestamp,
    }
}

diesel::table! {
    rapid_review_composites (referral_id) {
        referral_id -> Text,
        sent_at -> Timestamp,
        sent_by -> Text,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    rapid_review_meetings (referral_id, meeting_number) {
        referral_id -> Text,
        meeting_number -> Integer,
        meeting_date -> Date,
        outside_window_reason -> Nullable<Text>,
        attendance_recorded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    rapid_review_decisions (referral_id) {
        referral_id -> Text,
        outcome -> Text,
        rationale -> Text,
        immediate_safety_actions -> Text,
        immediate_learning -> Text,
        decided_by -> Text,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    delay_notices (referral_id) {
        referral_id -> Text,
        reasons -> Text,
        expected_on -> Date,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    rapid_review_submissions (referral_id) {
        referral_id -> Text,
        sent_on -> Date,
        document -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
        panel_reference -> Nullable<Text>,
        acknowledged_on -> Nullable<Date>,
        acknowledged_by -> Nullable<Text>,
        acknowledged_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    meeting_attendees (referral_id, meeting_number, position) {
        referral_id -> Text,
        meeting_number -> Integer,
        position -> Integer,
        agency_code -> Text,
        statutory_role -> Text,
        role -> Text,
    }
}

diesel::table! {
    subgroup_views (referral_id, agency_code) {
        referral_id -> Text,
        agency_code -> Text,
        criteria_met -> Bool,
        view -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
        statutory_role -> Text,
    }
}

diesel::table! {
    votes (referral_id, question, statutory_role) {
        referral_id -> Text,
        question -> Text,
        statutory_role -> Text,
        agency_code -> Text,
        choice -> Text,
        rationale -> Nullable<Text>,
        cast_by -> Text,
        cast_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(referrals, information_requests);
diesel::allow_tables_to_appear_in_same_query!(referrals, reviews);
diesel::allow_tables_to_appear_in_same_query!(chronology_entries, review_theme_entries);
diesel::allow_tables_to_appear_in_same_query!(information_returns, return_reviews);

diesel::table! {
    request_escalations (request_id, escalated_to) {
        request_id -> Text,
        escalated_to -> Text,
        reasons -> Text,
        escalated_by -> Text,
        escalated_at -> Timestamp,
    }
}

diesel::table! {
    readiness_probe (id) {
        id -> Integer,
        checked_at -> Timestamp,
    }
}

diesel::table! {
    reviews (id) {
        id -> Text,
        partnership_id -> Text,
        referral_id -> Text,
        kind -> Text,
        stage -> Text,
        decided_on -> Date,
        due_on -> Date,
        opened_by -> Text,
        opened_at -> Timestamp,
        disposed_on -> Nullable<Date>,
    }
}

diesel::table! {
    review_team (review_id, subject, role) {
        review_id -> Text,
        subject -> Text,
        role -> Text,
        name -> Text,
        agency_code -> Nullable<Text>,
        independent_of_case -> Bool,
        appointed_by -> Text,
        appointed_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(reviews, review_team);

diesel::table! {
    chronology_entries (id) {
        id -> Text,
        review_id -> Text,
        agency_code -> Text,
        source_ref -> Text,
        version -> Integer,
        current -> Bool,
        occurred_on -> Date,
        occurred_time -> Nullable<Time>,
        date_precision -> Text,
        subjects -> Text,
        category -> Text,
        description -> Text,
        key_event -> Bool,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    review_declarations (review_id, subject) {
        review_id -> Text,
        subject -> Text,
        conflicts_of_interest -> Nullable<Text>,
        confidentiality_signed_on -> Date,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    review_commissioning (review_id) {
        review_id -> Text,
        methodology -> Text,
        methodology_note -> Nullable<Text>,
        arrangements -> Nullable<Text>,
        reported_to_subgroup_on -> Nullable<Date>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    review_notifications (review_id, kind) {
        review_id -> Text,
        kind -> Text,
        sent_on -> Date,
        reference -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    review_panel_meetings (review_id, number) {
        review_id -> Text,
        number -> Integer,
        held_on -> Date,
        present -> Text,
        immediate_action_required -> Bool,
        immediate_actions -> Text,
        messages_to_workforce -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    review_parallel_processes (id) {
        id -> Text,
        review_id -> Text,
        kind -> Text,
        reference -> Nullable<Text>,
        status -> Text,
        contact -> Nullable<Text>,
        publication_waits -> Bool,
        pause_reason -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
        concluded_on -> Nullable<Date>,
        outcome -> Nullable<Text>,
    }
}

diesel::table! {
    review_terms_of_reference (review_id, version) {
        review_id -> Text,
        version -> Integer,
        questions -> Text,
        period_from -> Date,
        period_to -> Date,
        timetable -> Text,
        cps_liaison -> Nullable<Text>,
        coroner_liaison -> Nullable<Text>,
        communications_plan -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    review_agencies_in_scope (review_id, version, agency_code) {
        review_id -> Text,
        version -> Integer,
        partnership_id -> Text,
        agency_code -> Text,
        single_point_of_contact -> Text,
        position -> Integer,
    }
}

diesel::table! {
    review_delays (id) {
        id -> Text,
        review_id -> Text,
        cause -> Text,
        reason -> Text,
        projected_completion -> Date,
        considered_by_subgroup_on -> Nullable<Date>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    review_family_members (review_id, pseudonym) {
        review_id -> Text,
        pseudonym -> Text,
        relationship -> Text,
        invited_on -> Nullable<Date>,
        invitation_method -> Nullable<Text>,
        response -> Nullable<Text>,
        contribution -> Nullable<Text>,
        non_involvement_reason -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    review_practitioner_events (review_id, number) {
        review_id -> Text,
        number -> Integer,
        kind -> Text,
        held_on -> Date,
        invitations_requested_on -> Nullable<Date>,
        invitations_sent_on -> Date,
        briefing_sent -> Bool,
        invited -> Integer,
        note -> Nullable<Text>,
        attended -> Nullable<Integer>,
        one_to_one_conversations -> Nullable<Integer>,
        agencies_attending -> Nullable<Text>,
        outcome_note -> Nullable<Text>,
        outcome_recorded_at -> Nullable<Timestamp>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    review_themes (review_id, number) {
        review_id -> Text,
        number -> Integer,
        kind -> Text,
        title -> Text,
        description -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    review_theme_entries (review_id, number, agency_code, source_ref) {
        review_id -> Text,
        number -> Integer,
        agency_code -> Text,
        source_ref -> Text,
        linked_by -> Text,
        linked_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (partnership_id, subject, idempotency_key) {
        partnership_id -> Text,
        subject -> Text,
        idempotency_key -> Text,
        fingerprint -> Text,
        response -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    calendar_feeds (id) {
        id -> Text,
        partnership_id -> Text,
        token_sha256 -> Text,
        name -> Text,
        owner_subject -> Text,
        agency_code -> Nullable<Text>,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    delivery_destinations (partnership_id, recipient) {
        partnership_id -> Text,
        recipient -> Text,
        channel -> Text,
        url -> Nullable<Text>,
        signing_secret -> Nullable<Text>,
        email_address -> Nullable<Text>,
        template_id -> Nullable<Text>,
        notify_api_key -> Nullable<Text>,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_subscriptions (id) {
        id -> Text,
        partnership_id -> Text,
        agency_code -> Nullable<Text>,
        url -> Text,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_until -> Nullable<Timestamp>,
        created_by -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_subscription_events (subscription_id, event_type) {
        subscription_id -> Text,
        event_type -> Text,
    }
}

diesel::table! {
    outbox_messages (id) {
        id -> Text,
        partnership_id -> Text,
        event_type -> Text,
        recipient -> Nullable<Text>,
        subscription_id -> Nullable<Text>,
        dedupe_key -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
        settled_by -> Nullable<Text>,
        settled_reference -> Nullable<Text>,
    }
}

diesel::table! {
    delivery_attempts (message_id, number) {
        message_id -> Text,
        number -> Integer,
        started_at -> Timestamp,
        duration_ms -> Integer,
        delivered -> Bool,
        response_status -> Nullable<Integer>,
        error -> Nullable<Text>,
    }
}

diesel::joinable!(webhook_subscription_events -> webhook_subscriptions (subscription_id));
diesel::allow_tables_to_appear_in_same_query!(webhook_subscriptions, webhook_subscription_events);

diesel::table! {
    report_versions (review_id, number) {
        review_id -> Text,
        number -> Integer,
        format -> Text,
        sha256 -> Text,
        size_bytes -> BigInt,
        document -> Binary,
        comments_due_on -> Nullable<Date>,
        uploaded_by -> Text,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    report_checklists (review_id, version) {
        review_id -> Text,
        version -> Integer,
        meets_terms_of_reference -> Bool,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    report_checklist_items (review_id, version, item) {
        review_id -> Text,
        version -> Integer,
        item -> Text,
    }
}

diesel::table! {
    report_accuracy_answers (review_id, version, agency_code) {
        review_id -> Text,
        version -> Integer,
        agency_code -> Text,
        answer -> Text,
        comments -> Nullable<Text>,
        answered_by -> Text,
        answered_at -> Timestamp,
        resolution -> Nullable<Text>,
        resolved_by -> Nullable<Text>,
        resolved_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    report_approvals (review_id) {
        review_id -> Text,
        version -> Integer,
        recipients -> Text,
        dissemination -> Text,
        monitoring -> Text,
        approved_by -> Text,
        approved_at -> Timestamp,
    }
}

diesel::table! {
    publication_decisions (review_id) {
        review_id -> Text,
        decision -> Text,
        reasons -> Nullable<Text>,
        improvements -> Nullable<Text>,
        decided_by -> Text,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    publication_plans (review_id) {
        review_id -> Text,
        title -> Text,
        planned_on -> Date,
        family_wishes -> Text,
        family_discussed_on -> Date,
        practitioners_told_on -> Date,
        media_contact -> Text,
        reviewer_names -> Text,
        planned_by -> Text,
        planned_at -> Timestamp,
    }
}

diesel::table! {
    publication_copies (review_id, recipient) {
        review_id -> Text,
        recipient -> Text,
        sent_on -> Date,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    publications (review_id) {
        review_id -> Text,
        partnership_id -> Text,
        kind -> Text,
        title -> Text,
        published_on -> Date,
        web_address -> Text,
        available_until -> Date,
        reviewer_names -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    publication_deposits (review_id) {
        review_id -> Text,
        deposited_on -> Date,
        acknowledgement -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    recommendations (review_id, number) {
        review_id -> Text,
        number -> Integer,
        text -> Text,
        agencies -> Text,
        due_on -> Date,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    actions (id) {
        id -> Text,
        partnership_id -> Text,
        review_id -> Text,
        recommendation_number -> Integer,
        agency_code -> Text,
        description -> Text,
        due_on -> Date,
        status -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    action_updates (action_id, number) {
        action_id -> Text,
        number -> Integer,
        status -> Text,
        note -> Text,
        evidence -> Nullable<Text>,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    action_plan_monitoring (review_id, recorded_at) {
        review_id -> Text,
        held_on -> Date,
        note -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    action_plan_sign_offs (review_id) {
        review_id -> Text,
        signed_off_by -> Text,
        signed_off_at -> Timestamp,
    }
}

diesel::table! {
    disseminations (id) {
        id -> Text,
        review_id -> Text,
        kind -> Text,
        audience -> Text,
        held_on -> Date,
        note -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    national_learning (id) {
        id -> Text,
        partnership_id -> Text,
        title -> Text,
        source -> Text,
        considered_on -> Date,
        local_application -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

// The figures for reporting tools read each of these with its partnership's referral or review.
diesel::allow_tables_to_appear_in_same_query!(referrals, referral_triage);
diesel::allow_tables_to_appear_in_same_query!(referrals, rapid_review_decisions);
diesel::allow_tables_to_appear_in_same_query!(referrals, rapid_review_submissions);
diesel::allow_tables_to_appear_in_same_query!(referrals, delay_notices);
diesel::allow_tables_to_appear_in_same_query!(reviews, review_delays);
diesel::allow_tables_to_appear_in_same_query!(reviews, publication_copies);
diesel::allow_tables_to_appear_in_same_query!(reviews, publications);
diesel::allow_tables_to_appear_in_same_query!(actions, action_updates);
diesel::allow_tables_to_appear_in_same_query!(actions, reviews);

diesel::table! {
    identifying_details (review_id, pseudonym) {
        review_id -> Text,
        pseudonym -> Text,
        key_id -> Text,
        nonce -> Binary,
        sealed -> Binary,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    identifying_detail_releases (id) {
        id -> Text,
        review_id -> Text,
        released_to -> Text,
        purpose -> Text,
        pseudonyms -> Text,
        released_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(identifying_details, reviews);

diesel::table! {
    legal_holds (id) {
        id -> Text,
        partnership_id -> Text,
        referral_id -> Nullable<Text>,
        review_id -> Nullable<Text>,
        kind -> Text,
        reasons -> Text,
        placed_by -> Text,
        placed_at -> Timestamp,
        released_by -> Nullable<Text>,
        released_at -> Nullable<Timestamp>,
        release_reasons -> Nullable<Text>,
    }
}

diesel::table! {
    retention_periods (partnership_id, class) {
        partnership_id -> Text,
        class -> Text,
        years -> Integer,
        set_by -> Text,
        set_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(reviews, action_plan_sign_offs);

diesel::table! {
    disposals (id) {
        id -> Text,
        partnership_id -> Text,
        referral_id -> Nullable<Text>,
        review_id -> Nullable<Text>,
        reference -> Nullable<Text>,
        record -> Text,
        class -> Text,
        event -> Text,
        event_on -> Date,
        due_on -> Date,
        listed_on -> Date,
        outcome -> Nullable<Text>,
        reasons -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    rectifications (id) {
        id -> Text,
        partnership_id -> Text,
        referral_id -> Text,
        field -> Text,
        pseudonym -> Nullable<Text>,
        original -> Text,
        corrected -> Text,
        reasons -> Text,
        made_by -> Text,
        made_at -> Timestamp,
    }
}

diesel::table! {
    audit_chain_anchors (partnership_id) {
        partnership_id -> Text,
        sequence -> BigInt,
        hash -> Text,
        disposal_id -> Text,
    }
}
