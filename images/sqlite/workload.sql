-- The SQLite system test's workload (issue 19): run by the image against
-- a database file in the ramfs and by the host's sqlite3 built from the
-- same amalgamation; both outputs must be identical. Every value is
-- computed, none random, so the output is the same on every run.
.print -- workload start
.headers on
.mode list
PRAGMA journal_mode = DELETE;
CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
                       city TEXT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL
                     REFERENCES customer (id), amount INTEGER NOT NULL,
                     note TEXT);
BEGIN;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100)
INSERT INTO customer
SELECT x, printf('customer-%03d', x),
       CASE x % 4 WHEN 0 THEN 'Oslo' WHEN 1 THEN 'Lyon' WHEN 2 THEN 'Kyoto'
                  ELSE 'Quito' END
FROM n;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000)
INSERT INTO orders
SELECT x, 1 + (x * 7919) % 100, (x * 104729) % 1000,
       printf('order %05d of %s', x, hex(x * 31))
FROM n;
COMMIT;
CREATE INDEX orders_customer ON orders (customer);
CREATE INDEX orders_amount ON orders (amount);
PRAGMA integrity_check;
SELECT count(*) AS orders, sum(amount) AS total, min(amount) AS smallest,
       max(amount) AS largest, round(avg(amount), 3) AS mean
FROM orders;
SELECT id, customer, amount, note FROM orders
WHERE amount BETWEEN 990 AND 992 ORDER BY amount, id LIMIT 8;
SELECT c.city, count(o.id) AS orders, sum(o.amount) AS total
FROM customer AS c JOIN orders AS o ON o.customer = c.id
GROUP BY c.city ORDER BY total DESC;
SELECT c.name, count(*) AS orders, sum(o.amount) AS total
FROM customer AS c JOIN orders AS o ON o.customer = c.id
GROUP BY c.id HAVING total > 53000 ORDER BY total DESC, c.name LIMIT 5;
UPDATE orders SET amount = amount + 1 WHERE customer IN
       (SELECT id FROM customer WHERE city = 'Kyoto');
DELETE FROM orders WHERE amount < 10;
SELECT changes() AS deleted, count(*) AS remaining FROM orders;
SELECT customer, group_concat(id, ',') AS ids FROM
       (SELECT customer, id FROM orders WHERE customer = 42 ORDER BY id
        LIMIT 6)
GROUP BY customer;
EXPLAIN QUERY PLAN SELECT * FROM orders WHERE customer = 7;
.print -- workload end
