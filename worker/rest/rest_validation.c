/* ConfigKeyInfo and ConfigInfos documents; see rest_validation.h. */
#include "rest/rest_validation.h"

#include <stdlib.h>

#include "config/config_def.h"
#include "config/validation.h"
#include "rest/rest_entities.h"
#include "util/mem.h"

json_t *rest_entity_config_key_info(const cd_config_def_t *d, int order_in_group) {
    json_t *o = json_object();
    char *dv = config_def_default_string(d);
    json_object_set_new(o, "name", rest_json_string(d->name));
    json_object_set_new(o, "type", json_string(config_type_name(d->type)));
    json_object_set_new(o, "required", json_boolean(config_def_required(d)));
    json_object_set_new(o, "default_value", rest_json_string(dv));
    json_object_set_new(o, "importance", json_string(config_importance_name(d->importance)));
    json_object_set_new(o, "documentation", rest_json_string(d->documentation));
    json_object_set_new(o, "group", rest_json_string(d->group));
    json_object_set_new(o, "order_in_group", json_integer(order_in_group));
    json_object_set_new(o, "width", json_string(config_width_name(d->width)));
    json_object_set_new(o, "display_name", rest_json_string(config_def_display_name(d)));
    /* No definition of ours has dependents. */
    json_object_set_new(o, "dependents", json_array());
    free(dv);
    return o;
}

static json_t *value_info(const validation_entry_t *e) {
    json_t *o = json_object();
    json_object_set_new(o, "name", rest_json_string(validation_entry_key(e)));
    json_object_set_new(o, "value", rest_json_string(validation_entry_value(e)));
    json_t *rec = json_array();
    for (size_t i = 0; i < validation_entry_recommended_count(e); i++)
        json_array_append_new(rec, rest_json_string(validation_entry_recommended(e, i)));
    json_object_set_new(o, "recommended_values", rec);
    json_t *errors = json_array();
    for (size_t i = 0; i < validation_entry_error_count(e); i++)
        json_array_append_new(errors, rest_json_string(validation_entry_error(e, i)));
    json_object_set_new(o, "errors", errors);
    /* No recommender of ours hides a key. */
    json_object_set_new(o, "visible", json_true());
    return o;
}

json_t *rest_entity_config_infos(const char *name, const cd_validation_t *v) {
    json_t *doc = json_object();
    json_object_set_new(doc, "name", rest_json_string(name));
    json_object_set_new(doc, "error_count", json_integer((json_int_t)validation_error_count(v)));
    size_t n_groups = validation_groups(v, NULL, 0);
    const char **groups = xcalloc(n_groups ? n_groups : 1, sizeof *groups);
    validation_groups(v, groups, n_groups);
    json_t *g = json_array();
    for (size_t i = 0; i < n_groups; i++) json_array_append_new(g, rest_json_string(groups[i]));
    free(groups);
    json_object_set_new(doc, "groups", g);
    json_t *configs = json_array();
    for (size_t i = 0; i < validation_entry_count(v); i++) {
        const validation_entry_t *e = validation_entry_at(v, i);
        const cd_config_def_t *d = validation_entry_def(e);
        json_t *c = json_object();
        json_t *def = d ? rest_entity_config_key_info(d, validation_entry_order(e)) : json_null();
        json_object_set_new(c, "definition", def);
        json_object_set_new(c, "value", value_info(e));
        json_array_append_new(configs, c);
    }
    json_object_set_new(doc, "configs", configs);
    return doc;
}
