\set uid random(1, :nusers)
\set r random(1, 5)
SELECT rel_fetch('users', :uid,
    'full_name, appointments(details ORDER BY id DESC LIMIT 5), kin_count: COUNT(kins), kins(full_name WHERE relationship = '''
    || (ARRAY['spouse', 'sibling', 'parent', 'child', 'friend'])[:r] || ''')');
