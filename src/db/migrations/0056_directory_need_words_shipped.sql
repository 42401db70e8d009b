-- Directory (issue 19): an instance operator puts a need's words back to the ones Peerbridge
-- ships. Once changed (0054), a row's words were the operator's alone: undoing a mistake meant
-- typing the shipped words again from memory.
--
-- shipped_words keeps, for each category, the words 0052 shipped, whatever the operator has done
-- with the row since; putting them back copies them into words and marks the row built in again.
alter table directory_category_words add column shipped_words text;

update directory_category_words w set shipped_words = s.words
from (values
  ('food', 'food meals groceries pantry hunger comida comidas alimentos despensa comedor hambre'),
  ('shelter', 'shelter emergency shelter overnight albergue refugio'),
  ('housing', 'housing rent rental eviction vivienda alquiler renta desalojo'),
  ('detox', 'detox withdrawal desintoxicación abstinencia'),
  ('moud', 'moud buprenorphine suboxone methadone medication treatment buprenorfina metadona medicamento'),
  ('mental-health', 'mental health counseling therapy salud mental consejería terapia'),
  ('substance-use', 'substance use addiction recovery treatment drugs alcohol adicción adicciones recuperación tratamiento drogas'),
  ('crisis-line', 'crisis hotline suicide línea de crisis suicidio'),
  ('warmline', 'warmline peer support line línea de apoyo entre pares'),
  ('peer-respite', 'peer respite respiro entre pares'),
  ('transportation', 'transportation rides bus transit transporte autobús'),
  ('employment', 'employment jobs work empleo trabajo'),
  ('legal', 'legal aid lawyer expungement ayuda legal abogado'),
  ('benefits', 'benefits public assistance beneficios asistencia pública'),
  ('health', 'health care clinic doctor salud atención médica clínica médico'),
  ('information-referral', 'information referral 211 información referidos')
) s(category, words)
where w.category = s.category;
