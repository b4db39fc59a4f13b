/*
 * Every status change of every check and of each instance, so the API can
 * say since when a status holds and how often it changed. Kept for
 * directory.history.retentionDays; the newest change per check is never
 * pruned.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('directory_health_transitions', table => {
    table.comment('Status transitions of Directory instances and their checks');
    table.bigIncrements('id').primary().comment('Insertion order');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The instance entity');
    table
      .string('check_id', 128)
      .notNullable()
      .comment('The check, or the empty string for the instance itself');
    table
      .string('status', 16)
      .notNullable()
      .comment('The new status: ok, warning, error or unknown');
    table
      .string('previous_status', 16)
      .nullable()
      .comment('The status before, null for the first one recorded');
    table.text('summary').nullable().comment('The summary at that time');
    table
      .string('at', 32)
      .notNullable()
      .comment('ISO 8601 time of the change');
    table.index(
      ['entity_ref', 'check_id', 'id'],
      'directory_health_transitions_entity_idx',
    );
    table.index(['at'], 'directory_health_transitions_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('directory_health_transitions');
};
