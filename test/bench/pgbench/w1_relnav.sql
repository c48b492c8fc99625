\set uid random(1, :nusers)
SELECT * FROM rel_navigate('users', :uid, 'kins');
