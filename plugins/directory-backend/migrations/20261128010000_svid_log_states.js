/*
 * Where the svid check stopped reading each apiserver container's log, and
 * the latest SVID line it saw, so that any replica continues from there.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('directory_svid_log_states', table => {
    table.comment(
      'Read position and latest SVID verdict per apiserver container',
    );
    table
      .string('container_key', 512)
      .primary()
      .comment('cluster/namespace/pod/container id');
    table
      .text('state')
      .notNullable()
      .comment('JSON: cursor, linesAtCursor, verdict');
    table
      .bigInteger('read_at')
      .notNullable()
      .comment('Epoch milliseconds of the last read');
    table.index(['read_at'], 'directory_svid_log_states_read_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('directory_svid_log_states');
};
