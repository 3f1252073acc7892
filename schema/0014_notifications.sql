-- notifications to managers through AppAPI (issue 6)
-- Reserved: filled in by the change that builds it.
SELECT 1;
