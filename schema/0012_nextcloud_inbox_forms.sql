-- incoming Nextcloud webhooks and Forms applications (issue 6)
-- Reserved: filled in by the change that builds it.
SELECT 1;
