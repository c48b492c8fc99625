\set lo random(1, :nusers - 199)
SELECT u.id FROM users u WHERE u.id BETWEEN :lo AND :lo + 199 AND EXISTS (SELECT 1 FROM rel_rows(NULL::kins, 'users', u.id, 'kins') k WHERE k.relationship = 'spouse');
