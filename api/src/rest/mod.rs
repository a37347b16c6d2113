//! REST handlers: each translates HTTP to one application function and back. Paths are collected from
//! the annotated handlers by `utoipa-actix-web`, so none can go missing from the contract.

pub mod actions;
pub mod agencies;
mod atom;
pub mod audit;
pub mod calendar;
pub mod calendar_feeds;
pub mod chronology;
mod chronology_formats;
pub(crate) mod csv;
pub mod destinations;
pub mod disposals;
pub mod fallback;
pub mod family_engagement;
pub mod figures;
pub mod health;
mod icalendar;
pub mod identifying;
pub mod information_requests;
pub mod json;
pub mod learning;
pub mod legal_holds;
pub mod outbox;
pub mod practitioner_events;
pub mod publication;
pub mod rapid_review;
pub mod rectifications;
pub mod referrals;
pub mod report;
pub mod responses;
pub mod retention;
pub mod review_delays;
pub mod review_requests;
pub mod review_stages;
pub mod review_themes;
pub mod reviews;
pub mod subject_access;
pub mod terms_of_reference;
pub mod webhook_subscriptions;

use utoipa_actix_web::{scope, service_config::ServiceConfig};

use crate::error::ApiError;

/// A review's id and the number of one of its numbered items (an event, a theme) from the path: a
/// number that is not one names nothing.
pub(crate) fn numbered(
    path: actix_web::web::Path<(String, String)>,
) -> Result<(String, u32), ApiError> {
    let (id, number) = path.into_inner();
    let number = number.parse().map_err(|_| ApiError::NotFound)?;
    Ok((id, number))
}

/// Every documented route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::live).service(health::ready).service(
        scope("/v1")
            .service(agencies::create_agency)
            .service(agencies::list_agencies)
            .service(referrals::create::create_referral)
            .service(referrals::list::list_referrals)
            .service(referrals::get::get_referral)
            .service(audit::export_audit_events)
            .service(audit::list_audit_events)
            .service(calendar::compute_deadline)
            .service(calendar_feeds::create_calendar_feed)
            .service(calendar_feeds::list_calendar_feeds)
            .service(calendar_feeds::revoke_calendar_feed)
            .service(calendar_feeds::get_calendar_feed)
            .service(actions::get_action_plan)
            .service(actions::record_recommendation)
            .service(actions::record_action)
            .service(actions::record_action_progress)
            .service(actions::list_actions)
            .service(actions::record_action_plan_monitoring)
            .service(actions::sign_off_action_plan)
            .service(figures::get_figures)
            .service(retention::list_retention_periods)
            .service(retention::set_retention_period)
            .service(retention::get_retention_schedule)
            .service(rectifications::rectify_referral)
            .service(rectifications::list_rectifications)
            .service(subject_access::export_person_data)
            .service(subject_access::export_practitioner_data)
            .service(disposals::list_disposals)
            .service(disposals::list_cases_due_for_disposal)
            .service(disposals::approve_disposal)
            .service(disposals::refuse_disposal)
            .service(legal_holds::place_referral_legal_hold)
            .service(legal_holds::place_review_legal_hold)
            .service(legal_holds::list_legal_holds)
            .service(legal_holds::release_legal_hold)
            .service(identifying::get_pseudonym_map)
            .service(identifying::record_identifying_details)
            .service(identifying::release_identifying_details)
            .service(identifying::check_report_anonymisation)
            .service(learning::record_dissemination)
            .service(learning::list_disseminations)
            .service(learning::record_national_learning)
            .service(learning::list_national_learning)
            .service(publication::get_publication)
            .service(publication::record_publication_decision)
            .service(publication::plan_publication)
            .service(publication::record_publication_copy)
            .service(publication::record_publication)
            .service(publication::record_improvements_published)
            .service(publication::record_nspcc_deposit)
            .service(publication::record_parallel_process_conclusion)
            .service(publication::get_public_register_feed)
            .service(publication::get_public_register)
            .service(report::upload_report_version)
            .service(report::get_report)
            .service(report::get_report_document)
            .service(report::record_report_checklist)
            .service(report::answer_factual_accuracy)
            .service(report::resolve_factual_accuracy_dispute)
            .service(report::approve_report)
            .service(outbox::list_outbox_messages)
            .service(outbox::get_outbox_depth)
            .service(outbox::get_outbox_message)
            .service(outbox::list_delivery_attempts)
            .service(outbox::retry_outbox_message)
            .service(outbox::record_outbox_message_sent_elsewhere)
            .service(destinations::set_destination)
            .service(destinations::list_destinations)
            .service(destinations::get_destination)
            .service(destinations::remove_destination)
            .service(webhook_subscriptions::create_webhook_subscription)
            .service(webhook_subscriptions::list_webhook_subscriptions)
            .service(webhook_subscriptions::rotate_webhook_secret)
            .service(webhook_subscriptions::revoke_webhook_subscription)
            .service(rapid_review::read::get_rapid_review)
            .service(rapid_review::read::get_timeline)
            .service(rapid_review::read::list_deadlines)
            .service(rapid_review::steps::record_triage)
            .service(rapid_review::steps::record_notification)
            .service(rapid_review::steps::send_composite)
            .service(rapid_review::read::get_composite)
            .service(rapid_review::steps::record_subgroup_view)
            .service(rapid_review::steps::schedule_meeting)
            .service(rapid_review::steps::get_meeting)
            .service(rapid_review::steps::record_attendance)
            .service(rapid_review::steps::record_decision)
            .service(rapid_review::steps::record_delay_notice)
            .service(rapid_review::votes::cast_vote)
            .service(rapid_review::votes::list_votes)
            .service(rapid_review::submission::record_submission)
            .service(rapid_review::submission::get_submission)
            .service(rapid_review::submission::record_submission_acknowledgement)
            .service(information_requests::issue_information_requests)
            .service(information_requests::list_referral_information_requests)
            .service(information_requests::list_information_requests)
            .service(information_requests::get_information_request)
            .service(information_requests::submit_return)
            .service(information_requests::list_returns)
            .service(information_requests::review_return)
            .service(information_requests::escalate_information_request)
            .service(information_requests::sign_off_return)
            .service(reviews::list_reviews)
            .service(reviews::get_review)
            .service(reviews::appoint_review_team_member)
            .service(reviews::get_review_team)
            .service(reviews::record_declaration)
            .service(reviews::record_commissioning)
            .service(reviews::get_commissioning)
            .service(reviews::record_review_notification)
            .service(reviews::list_review_notifications)
            .service(reviews::record_panel_meeting)
            .service(reviews::list_panel_meetings)
            .service(reviews::record_parallel_process)
            .service(reviews::list_parallel_processes)
            .service(terms_of_reference::record_terms_of_reference)
            .service(terms_of_reference::list_terms_of_reference)
            .service(review_delays::record_review_delay)
            .service(review_delays::list_review_delays)
            .service(family_engagement::record_family_member)
            .service(family_engagement::list_family_members)
            .service(practitioner_events::record_practitioner_event)
            .service(practitioner_events::record_practitioner_event_outcome)
            .service(practitioner_events::list_practitioner_events)
            .service(review_requests::issue_review_information_requests)
            .service(review_requests::list_review_information_requests)
            .service(review_themes::record_review_theme)
            .service(review_themes::link_theme_entries)
            .service(review_themes::list_review_themes)
            .service(review_stages::move_review_stage)
            .service(chronology::submit_chronology_entries)
            .service(chronology::list_own_chronology_entries)
            .service(chronology::list_chronology_entry_versions)
            .service(chronology::get_integrated_chronology),
    );
}
