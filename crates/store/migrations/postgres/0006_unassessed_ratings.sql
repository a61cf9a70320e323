-- PostgreSQL twin of migrations/sqlite/0006_unassessed_ratings.sql: a principle a mock never asked
-- was saved as a No Hire whose debrief reason starts "not assessed"; those rows are no rating at all.
DELETE FROM mock_ratings
WHERE rating = 'no-hire'
  AND EXISTS (
    SELECT 1
    FROM mocks m,
         jsonb_array_elements(CASE jsonb_typeof(m.debrief::jsonb -> 'interviews')
                                  WHEN 'array' THEN m.debrief::jsonb -> 'interviews'
                                  ELSE '[]' END) WITH ORDINALITY AS iv (value, n),
         jsonb_array_elements(CASE jsonb_typeof(iv.value -> 'ratings')
                                  WHEN 'array' THEN iv.value -> 'ratings'
                                  ELSE '[]' END) AS r (value)
    WHERE m.id = mock_ratings.mock_id
      AND iv.n - 1 = mock_ratings.interview
      AND r.value ->> 'principle' = mock_ratings.principle
      AND r.value ->> 'reason' LIKE 'not assessed%'
  );
