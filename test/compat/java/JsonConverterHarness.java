import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka's own JsonConverter as the reference for tsconnect's: reads one case per stdin line and
 * answers one JSON line per case on stdout.
 *
 * A "write" case has converter settings, a schema in JsonConverter's schema form (or null) and a
 * tagged value ({"t":"i64","v":"5"}, ...) that names the Java class to build, so values JSON
 * cannot carry (-0.0, NaN, Integer vs Long) arrive exactly. Answer: the fromConnectData bytes and
 * those bytes read back with toConnectData and written again.
 * A "read" case has settings and raw input bytes; answer: toConnectData, then fromConnectData.
 * Bytes are hex; a failing step answers {"error": "ExceptionClass: message"} for that step.
 */
public final class JsonConverterHarness {
    // Number text kept exact (as Kafka's own reader does), so decimal defaults keep their scale.
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final HexFormat HEX = HexFormat.of();

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            JsonNode request = MAPPER.readTree(line);
            ObjectNode answer = MAPPER.createObjectNode();
            JsonConverter converter = converter(request.get("config"));
            byte[] written = null;
            if ("write".equals(request.get("kind").asText())) {
                try {
                    Schema schema = converter.asConnectSchema(request.get("schema"));
                    written = converter.fromConnectData("topic", schema, build(schema, request.get("value")));
                    answer.put("bytes", written == null ? null : HEX.formatHex(written));
                } catch (Throwable e) {
                    answer.put("error", describe(e));
                }
            } else {
                written = HEX.parseHex(request.get("input").asText());
            }
            if (written != null) {
                try {
                    SchemaAndValue read = converter.toConnectData("topic", written);
                    byte[] again = converter.fromConnectData("topic", read.schema(), read.value());
                    answer.put("reread", again == null ? null : HEX.formatHex(again));
                } catch (Throwable e) {
                    answer.put("rereadError", describe(e));
                }
            }
            out.println(MAPPER.writeValueAsString(answer));
        }
        out.flush();
    }

    private static JsonConverter converter(JsonNode config) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : config.properties()) settings.put(e.getKey(), e.getValue().asText());
        JsonConverter converter = new JsonConverter();
        converter.configure(settings, false);
        return converter;
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The Java value a tagged value stands for; `schema` (null when schemaless) gives structs their schema. */
    private static Object build(Schema schema, JsonNode tagged) {
        JsonNode v = tagged.get("v");
        switch (tagged.get("t").asText()) {
            case "null": return null;
            case "bool": return v.booleanValue();
            case "i8": return (byte) v.intValue();
            case "i16": return (short) v.intValue();
            case "i32": return v.intValue();
            case "i64": return Long.parseLong(v.asText());
            case "f32": return Float.parseFloat(v.asText());
            case "f64": return Double.parseDouble(v.asText());
            case "str": return v.asText();
            case "bytes": return Base64.getDecoder().decode(v.asText());
            case "decimal": return new BigDecimal(new BigInteger(v.asText()), tagged.get("scale").intValue());
            case "date": return new java.util.Date(Long.parseLong(v.asText()));
            case "arr": {
                List<Object> list = new ArrayList<>();
                for (JsonNode item : v) list.add(build(schema == null ? null : schema.valueSchema(), item));
                return list;
            }
            case "map": {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (JsonNode entry : v) {
                    map.put(build(schema == null ? null : schema.keySchema(), entry.get(0)),
                        build(schema == null ? null : schema.valueSchema(), entry.get(1)));
                }
                return map;
            }
            case "struct": {
                Struct struct = new Struct(schema);
                for (Map.Entry<String, JsonNode> field : v.properties()) {
                    // A Struct starts with nulls; putting null would be refused for required fields with defaults.
                    if ("null".equals(field.getValue().get("t").asText())) continue;
                    struct.put(field.getKey(), build(schema.field(field.getKey()).schema(), field.getValue()));
                }
                return struct;
            }
            default: throw new IllegalArgumentException("Unknown tag " + tagged);
        }
    }
}
