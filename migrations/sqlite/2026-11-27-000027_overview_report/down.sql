DROP TABLE report_approvals;
DROP TABLE report_accuracy_answers;
DROP TABLE report_checklist_items;
DROP TABLE report_checklists;
DROP TABLE report_versions;
