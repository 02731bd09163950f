package main

import (
	"fmt"
	"os"

	"sigs.k8s.io/yaml"
)

// readValuesFile parses YAML the way Helm does (sigs.k8s.io/yaml: YAML to
// JSON, so numbers become float64 and charts need `int`).
func readValuesFile(path string) (map[string]interface{}, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	values := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &values); err != nil {
		return nil, fmt.Errorf("failed to parse %s: %w", path, err)
	}
	if values == nil {
		values = map[string]interface{}{}
	}
	return values, nil
}

// mergeMaps merges b over a, deeply, like Helm's handling of several -f files.
func mergeMaps(a, b map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if vm, ok := v.(map[string]interface{}); ok {
			if bv, ok := out[k]; ok {
				if bvm, ok := bv.(map[string]interface{}); ok {
					out[k] = mergeMaps(bvm, vm)
					continue
				}
			}
		}
		out[k] = v
	}
	return out
}

// coalesce applies the chart's defaults under the user's values, as
// chartutil.CoalesceValues does: user values win, maps merge deeply, and a
// user value of null deletes the default key.
func coalesce(user, defaults map[string]interface{}) map[string]interface{} {
	for key, defaultValue := range defaults {
		userValue, present := user[key]
		if !present {
			user[key] = copyValue(defaultValue)
			continue
		}
		if userValue == nil {
			delete(user, key)
			continue
		}
		userMap, userIsMap := userValue.(map[string]interface{})
		defaultMap, defaultIsMap := defaultValue.(map[string]interface{})
		if userIsMap && defaultIsMap {
			user[key] = coalesce(userMap, defaultMap)
		} else if userIsMap != defaultIsMap && defaultValue != nil {
			fmt.Fprintf(os.Stderr, "coalesce.go: warning: cannot overwrite table with non table for %s\n", key)
		}
	}
	return user
}

func copyValue(v interface{}) interface{} {
	switch typed := v.(type) {
	case map[string]interface{}:
		out := make(map[string]interface{}, len(typed))
		for k, val := range typed {
			if val == nil {
				continue
			}
			out[k] = copyValue(val)
		}
		return out
	case []interface{}:
		out := make([]interface{}, len(typed))
		for i, val := range typed {
			out[i] = copyValue(val)
		}
		return out
	default:
		return v
	}
}
