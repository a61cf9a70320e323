-- A principle a mock never asked (its interview ran out of time, or the mock was ended first) was
-- saved as a No Hire whose debrief reason starts "not assessed". It is no rating at all: remove those
-- rows so the trend and the next mock's weakness read only principles that were assessed.
DELETE FROM mock_ratings
WHERE rating = 'no-hire'
  AND EXISTS (
    SELECT 1
    FROM mocks m,
         json_each(CASE WHEN json_valid(m.debrief) THEN m.debrief ELSE '{}' END, '$.interviews') iv,
         json_each(iv.value, '$.ratings') r
    WHERE m.id = mock_ratings.mock_id
      AND iv.key = mock_ratings.interview
      AND json_extract(r.value, '$.principle') = mock_ratings.principle
      AND json_extract(r.value, '$.reason') LIKE 'not assessed%'
  );
