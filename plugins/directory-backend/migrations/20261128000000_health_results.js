/*
 * Health results of Directory instances: one row per poll of an instance,
 * with its checks as JSON. The plugin keeps the newest rows per instance.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('directory_health_results', table => {
    table.comment(
      'Health check results of Directory instances, one row per poll',
    );
    table.bigIncrements('id').primary().comment('Insertion order');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The instance entity');
    table
      .string('status', 16)
      .notNullable()
      .comment('ok, warning, error or unknown');
    table
      .string('checked_at', 32)
      .notNullable()
      .comment('ISO 8601 time of the poll');
    table.text('checks').notNullable().comment('JSON array of check results');
    table.index(['entity_ref', 'id'], 'directory_health_results_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('directory_health_results');
};
