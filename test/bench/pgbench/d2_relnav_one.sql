\set uid random(1, :nusers)
\set r 1
SELECT rel_fetch('users', :uid,
    'full_name, appointments(details ORDER BY id DESC LIMIT 5), kin_count: COUNT(kins), kins(full_name WHERE relationship = '''
    || (ARRAY['spouse', 'sibling', 'parent', 'child', 'friend'])[:r] || ''')');
