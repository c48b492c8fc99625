\set leaf random(20001, 100000)
SELECT * FROM rel_navigate('employees', :leaf, 'manager+');
